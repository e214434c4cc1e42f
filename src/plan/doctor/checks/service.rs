//! The governing Service: it gives each pod its stable DNS name
//! (`web-0.web.shop.svc`), which peers of a stateful application use to
//! find each other. Kubernetes docs, "StatefulSet > Limitations": the
//! headless Service is the user's to create.

use k8s_openapi::api::core::v1::Service;

use crate::plan::doctor::{Check, Facts, Finding, Severity, Unavailable};
use crate::plan::selector;

pub const ALL: &[Check] = &[
    Check {
        id: "service-name-unset",
        severity: Severity::Error,
        summary: "spec.serviceName is empty: the pods get no stable DNS names",
        run: name_unset,
    },
    Check {
        id: "service-missing",
        severity: Severity::Error,
        summary: "spec.serviceName names a Service that does not exist",
        run: missing,
    },
    Check {
        id: "service-not-headless",
        severity: Severity::Error,
        summary: "the governing Service has a cluster IP (it must be headless: clusterIP None)",
        run: not_headless,
    },
    Check {
        id: "service-selector-mismatch",
        severity: Severity::Error,
        summary: "the governing Service's selector does not select the set's pods",
        run: selector_mismatch,
    },
];

fn service_name<'a>(f: &Facts<'a>) -> Option<&'a str> {
    f.set.spec.service_name.as_deref().filter(|s| !s.is_empty())
}

/// The governing Service, when the set names one and it exists.
fn governing<'a>(f: &Facts<'a>) -> Result<Option<&'a Service>, Unavailable> {
    let Some(name) = service_name(f) else {
        return Ok(None);
    };
    Ok(f.services()?
        .into_iter()
        .find(|s| s.metadata.name.as_deref() == Some(name)))
}

fn headless_manifest(f: &Facts<'_>) -> String {
    let labels = f
        .template_labels()
        .map(|l| {
            l.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    format!(
        "a Service named {svc} in namespace {ns} with spec.clusterIP: None and spec.selector \
         {{{labels}}} (the pod template's labels)",
        svc = service_name(f).unwrap_or(f.name()),
        ns = f.ns()
    )
}

fn name_unset(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    if service_name(f).is_some() {
        return Ok(vec![]);
    }
    Ok(vec![
        Finding::new(
            "service-name-unset",
            Severity::Error,
            f,
            "spec.serviceName is empty".into(),
        )
        .evidence("spec.serviceName: \"\"")
        .why(
            "without a governing Service the pods have no stable DNS names (web-0.web.NS.svc), \
             so replicas cannot find their peers by name after a restart",
        )
        .fix(format!(
            "create {} and set spec.serviceName to it (the field cannot be changed: the set \
             must be recreated, e.g. `kubectl delete statefulset {} -n {} --cascade=orphan` \
             and apply it again)",
            headless_manifest(f),
            f.name(),
            f.ns()
        )),
    ])
}

fn missing(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let Some(name) = service_name(f) else {
        return Ok(vec![]);
    };
    if governing(f)?.is_some() {
        return Ok(vec![]);
    }
    Ok(vec![
        Finding::new(
            "service-missing",
            Severity::Error,
            f,
            format!("the governing Service {name:?} does not exist"),
        )
        .object("service", name)
        .evidence(format!("spec.serviceName: {name}"))
        .evidence(format!("no Service {name:?} in namespace {:?}", f.ns()))
        .why(
            "the pods' DNS names (POD.SERVICE.NS.svc) do not resolve, so peers cannot reach \
             each other by name and clients configured with them fail",
        )
        .fix(format!("create {}", headless_manifest(f))),
    ])
}

fn not_headless(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let Some(svc) = governing(f)? else {
        return Ok(vec![]);
    };
    let ip = svc
        .spec
        .as_ref()
        .and_then(|s| s.cluster_ip.as_deref())
        .unwrap_or("");
    if ip == "None" {
        return Ok(vec![]);
    }
    let name = svc.metadata.name.as_deref().unwrap_or_default();
    Ok(vec![
        Finding::new(
            "service-not-headless",
            Severity::Error,
            f,
            format!("the governing Service {name:?} is not headless"),
        )
        .object("service", name)
        .evidence(format!("service {name}: spec.clusterIP: {ip:?}"))
        .why(
            "only a headless Service publishes one DNS record per pod; with a cluster IP the \
             names POD.SERVICE.NS.svc do not exist and peers reach a random replica",
        )
        .fix(format!(
            "clusterIP cannot be changed in place: recreate the Service with spec.clusterIP: \
             None (`kubectl get service {name} -n {ns} -o yaml > svc.yaml`, set clusterIP: \
             None and remove clusterIPs, then `kubectl replace --force -f svc.yaml`); a \
             separate Service with a cluster IP can serve clients",
            ns = f.ns()
        )),
    ])
}

fn selector_mismatch(f: &Facts<'_>) -> Result<Vec<Finding>, Unavailable> {
    let Some(svc) = governing(f)? else {
        return Ok(vec![]);
    };
    let name = svc.metadata.name.as_deref().unwrap_or_default();
    let sel = svc.spec.as_ref().and_then(|s| s.selector.as_ref());
    let labels = f.template_labels();
    let shown = |m: Option<&std::collections::BTreeMap<String, String>>| {
        m.map(|l| {
            l.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
    };
    let Some(sel) = sel.filter(|s| !s.is_empty()) else {
        return Ok(vec![
            Finding::new(
                "service-selector-mismatch",
                Severity::Warning,
                f,
                format!("the governing Service {name:?} has no selector"),
            )
            .object("service", name)
            .evidence(format!("service {name}: spec.selector: (none)"))
            .evidence(format!("pod template labels: {}", shown(labels)))
            .why(
                "a Service without a selector gets no endpoints from Kubernetes, so the pods' \
                 DNS records exist only if something else maintains them",
            )
            .fix(format!(
                "kubectl patch service {name} -n {} --type merge -p \
                 '{{\"spec\":{{\"selector\":{{...the pod template's labels...}}}}}}'",
                f.ns()
            )),
        ]);
    };
    let selects = sel
        .iter()
        .all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v));
    // Pods that exist are the evidence users trust most: name one that the
    // selector misses.
    let missed = f.pods.iter().find(|p| {
        !selector::selects(
            Some(
                &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector {
                    match_labels: Some(sel.clone()),
                    ..Default::default()
                },
            ),
            p.metadata.labels.as_ref(),
        )
    });
    if selects && missed.is_none() {
        return Ok(vec![]);
    }
    let mut finding = Finding::new(
        "service-selector-mismatch",
        Severity::Error,
        f,
        format!("the governing Service {name:?} does not select the set's pods"),
    )
    .object("service", name)
    .evidence(format!(
        "service {name}: spec.selector: {}",
        shown(Some(sel))
    ))
    .evidence(format!("pod template labels: {}", shown(labels)));
    if let Some(p) = missed {
        finding = finding.object("pod", p.metadata.name.as_deref().unwrap_or_default());
    }
    Ok(vec![
        finding
            .why(
                "the pods get no DNS records from the Service, so peers and clients cannot \
                 reach them by name",
            )
            .fix(format!(
                "make spec.selector of service {name} a subset of the pod template's labels ({}): \
                 kubectl edit service {name} -n {}",
                shown(labels),
                f.ns()
            )),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::doctor::tests::{ids, world_with};
    use crate::plan::fixtures::{REV_A, headless, labels, pod, sts};

    fn web() -> k8s_openapi::api::apps::v1::StatefulSet {
        let mut s = sts("web", 2, &["data"]);
        s.spec.template.metadata =
            Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                labels: labels(&[("app", "web")]),
                ..Default::default()
            });
        s
    }

    fn selecting(mut svc: Service, pairs: &[(&str, &str)]) -> Service {
        svc.spec.as_mut().unwrap().selector = labels(pairs);
        svc
    }

    #[test]
    fn governing_service_checks() {
        let good = selecting(headless("web"), &[("app", "web")]);
        let mut with_ip = good.clone();
        with_ip.spec.as_mut().unwrap().cluster_ip = Some("10.0.0.7".into());
        let mut unset = web();
        unset.spec.service_name = None;
        let cases: Vec<(
            &str,
            k8s_openapi::api::apps::v1::StatefulSet,
            Vec<Service>,
            Vec<&str>,
        )> = vec![
            ("headless and selecting", web(), vec![good.clone()], vec![]),
            (
                "serviceName empty",
                unset,
                vec![good.clone()],
                vec!["service-name-unset"],
            ),
            ("no such Service", web(), vec![], vec!["service-missing"]),
            (
                "cluster IP",
                web(),
                vec![with_ip],
                vec!["service-not-headless"],
            ),
            (
                "other labels",
                web(),
                vec![selecting(headless("web"), &[("app", "api")])],
                vec!["service-selector-mismatch"],
            ),
            (
                "no selector",
                web(),
                vec![headless("web")],
                vec!["service-selector-mismatch"],
            ),
        ];
        for (what, set, services, want) in cases {
            let pods = vec![pod(&set, 0, REV_A)];
            let w = world_with(vec![set], pods, |w| {
                w.services = crate::plan::doctor::Read::Got(services.clone())
            });
            assert_eq!(ids(&w, ALL), want, "{what}");
        }
    }

    #[test]
    fn a_pod_with_other_labels_than_the_template_is_named() {
        let set = web();
        let mut p = pod(&set, 1, REV_A);
        p.metadata.labels = labels(&[("app", "web-old")]);
        let w = world_with(vec![set], vec![p], |w| {
            w.services =
                crate::plan::doctor::Read::Got(vec![selecting(headless("web"), &[("app", "web")])])
        });
        let r = crate::plan::doctor::tests::run(&w, ALL);
        assert_eq!(r.findings.len(), 1);
        assert!(r.findings[0].objects.contains(&"pod/web-1".to_string()));
    }

    #[test]
    fn unreadable_services_skip_the_checks_that_need_them() {
        let w = world_with(vec![web()], vec![], |w| {
            w.services = crate::plan::doctor::Read::Unavailable("services: forbidden".into())
        });
        let r = crate::plan::doctor::tests::run(&w, ALL);
        assert!(r.findings.is_empty());
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(
            r.skipped[0].checks,
            vec![
                "service-missing",
                "service-not-headless",
                "service-selector-mismatch"
            ]
        );
    }
}
