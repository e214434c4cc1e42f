//! One attempt of a `--check` on one pod, through the API server: an exec
//! (`pods/exec`, kube-rs `ws`) or a GET over a port-forward
//! (`pods/portforward`), so no cluster DNS or pod network is needed from the
//! user's machine. Every attempt is bounded by `timeout`; the verdict is
//! decided by `plan::check`. Also the permission probe of the gate
//! (a SelfSubjectAccessReview).

use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, AttachParams, PostParams};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};

use super::Kube;
use crate::error::{Failure, Target};
use crate::plan::check::{Probe, Verdict, exec_verdict, http_verdict, tail};

/// How much of a command's output or a body is read; the rest is dropped.
const MAX_READ: usize = 64 * 1024;

/// Runs `probe` (placeholders already expanded) once on pod `ns/pod`,
/// bounded by `timeout`. `CannotRun` when the API server refused the exec
/// or port-forward itself (forbidden, no such container, pod gone); a
/// missed timeout is a `Fail`.
pub async fn attempt(
    kube: &Kube,
    ns: &str,
    pod: &str,
    probe: &Probe,
    timeout: Duration,
) -> Verdict {
    let run = async {
        match probe {
            Probe::Exec { container, command } => {
                exec(kube, ns, pod, container.as_deref(), command).await
            }
            Probe::Http {
                tls,
                port,
                path,
                status,
                body,
            } => http(kube, ns, pod, *tls, *port, path, *status, body.as_deref()).await,
        }
    };
    match tokio::time::timeout(timeout, run).await {
        Ok(v) => v,
        Err(_) => Verdict::Fail(format!(
            "no answer within {}s (--check-timeout)",
            timeout.as_secs_f32()
        )),
    }
}

async fn exec(
    kube: &Kube,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    command: &[String],
) -> Verdict {
    let api: Api<Pod> = Api::namespaced(kube.client.clone(), ns);
    let mut ap = AttachParams::default()
        .stdin(false)
        .stdout(true)
        .stderr(true);
    if let Some(c) = container {
        ap = ap.container(c);
    }
    let target = Target::new("create", "pods/exec").ns(Some(ns)).name(pod);
    let mut proc = match kube
        .call(&target, "", api.exec(pod, command.to_vec(), &ap))
        .await
    {
        Ok(p) => p,
        Err(e) => return Verdict::CannotRun(e.to_string()),
    };
    let status = proc.take_status();
    let out = proc.stdout();
    let err = proc.stderr();
    let (out, err) = tokio::join!(read_some(out), read_some(err));
    let status = match status {
        Some(s) => s.await,
        None => None,
    };
    let _ = proc.join().await;
    let mut output = out;
    if !err.trim().is_empty() {
        if !output.is_empty() && !output.ends_with('\n') {
            output.push('\n');
        }
        output.push_str(&err);
    }
    let output = tail(&output, 10, 2000);
    match status {
        Some(s) => {
            let ok = s.status.as_deref() == Some("Success");
            let code = s
                .details
                .as_ref()
                .and_then(|d| d.causes.as_ref())
                .and_then(|c| c.iter().find(|c| c.reason.as_deref() == Some("ExitCode")))
                .and_then(|c| c.message.clone());
            let msg = s.message.as_deref().unwrap_or_default();
            exec_verdict(ok, msg, code.as_deref(), &output)
        }
        None => exec_verdict(false, "the exec ended without a status", None, &output),
    }
}

/// Reads up to [`MAX_READ`] bytes, then drains the rest (so the command is
/// never blocked on a full pipe).
async fn read_some<R: AsyncRead + Unpin>(r: Option<R>) -> String {
    let Some(mut r) = r else {
        return String::new();
    };
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match r.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) if buf.len() < MAX_READ => buf.extend_from_slice(&chunk[..n]),
            Ok(_) => {}
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

#[allow(clippy::too_many_arguments)]
async fn http(
    kube: &Kube,
    ns: &str,
    pod: &str,
    tls: bool,
    port: u16,
    path: &str,
    status: Option<u16>,
    body: Option<&str>,
) -> Verdict {
    let api: Api<Pod> = Api::namespaced(kube.client.clone(), ns);
    let target = Target::new("create", "pods/portforward")
        .ns(Some(ns))
        .name(pod);
    let mut pf = match kube.call(&target, "", api.portforward(pod, &[port])).await {
        Ok(p) => p,
        Err(e) => return Verdict::CannotRun(e.to_string()),
    };
    let Some(stream) = pf.take_stream(port) else {
        return Verdict::CannotRun(format!("no stream for port {port} of pod {pod}"));
    };
    let forward_error = pf.take_error(port);
    let res = if tls {
        match super::check_tls::connect(stream).await {
            Ok(s) => get(s, port, path).await,
            Err(e) => Err(format!("TLS handshake with port {port} failed: {e}")),
        }
    } else {
        get(stream, port, path).await
    };
    let v = match res {
        Ok((code, text)) => http_verdict(status, body, code, &text),
        Err(e) => {
            // The port-forward's own error says why (nothing listening...).
            let why = match forward_error {
                Some(f) => tokio::time::timeout(Duration::from_millis(500), f)
                    .await
                    .ok()
                    .flatten(),
                None => None,
            };
            Verdict::Fail(match why {
                Some(w) => format!("{e} ({})", w.trim()),
                None => e,
            })
        }
    };
    pf.abort();
    v
}

/// One `GET path` over `io` with HTTP/1.1: the status and (up to
/// [`MAX_READ`] of) the body.
async fn get<S>(io: S, port: u16, path: &str) -> Result<(u16, String), String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = hyper_util::rt::TokioIo::new(io);
    let (mut sender, conn) = hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(io)
        .await
        .map_err(|e| format!("HTTP connection to port {port} failed: {e}"))?;
    let driver = tokio::spawn(conn);
    let req = http::Request::get(path)
        .header(http::header::HOST, format!("localhost:{port}"))
        .header(http::header::USER_AGENT, "kubectl-sts-check")
        .header(http::header::CONNECTION, "close")
        .body(Empty::<Bytes>::new())
        .map_err(|e| format!("bad request path {path:?}: {e}"))?;
    let resp = sender
        .send_request(req)
        .await
        .map_err(|e| format!("GET {path} on port {port} failed: {e}"))?;
    let code = resp.status().as_u16();
    let mut body = resp.into_body();
    let mut buf = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { break };
        if let Some(d) = frame.data_ref() {
            buf.extend_from_slice(d);
            if buf.len() >= MAX_READ {
                break;
            }
        }
    }
    driver.abort();
    Ok((code, String::from_utf8_lossy(&buf).into_owned()))
}

/// Whether the current user may `create` `resource` (`pods/exec`,
/// `pods/portforward`) in `ns`, by a SelfSubjectAccessReview. `Ok(false)`
/// with the reason when denied.
pub async fn can_create(
    kube: &Kube,
    ns: &str,
    subresource: &str,
) -> Result<(bool, String), Failure> {
    let review = SelfSubjectAccessReview {
        spec: SelfSubjectAccessReviewSpec {
            resource_attributes: Some(ResourceAttributes {
                namespace: Some(ns.to_string()),
                verb: Some("create".into()),
                resource: Some("pods".into()),
                subresource: Some(subresource.to_string()),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    let api: Api<SelfSubjectAccessReview> = Api::all(kube.client.clone());
    let target = Target::new("create", "selfsubjectaccessreviews.authorization.k8s.io");
    let r = kube
        .call(&target, "", api.create(&PostParams::default(), &review))
        .await?;
    let st = r.status.unwrap_or_default();
    Ok((st.allowed, st.reason.unwrap_or_default()))
}
