use crate::plan::doctor::Check;

pub const ALL: &[Check] = &[];
