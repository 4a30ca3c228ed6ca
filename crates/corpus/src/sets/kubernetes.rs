//! EKS nodes and meshes: kubelet's klog lines with structured `key="value"` pairs, containerd's
//! logrus logfmt, and Envoy / Istio proxy lines.

use super::{route_rows, st};
use crate::error::Result;
use crate::generate::FormatSet;

/// kubelet on an EKS node: klog headers (`I0507 10:58:13.877123    4727 file.go:N]`) and
/// structured pairs; the `file.go:N` is the statement's own.
pub fn eks_kubelet() -> Result<FormatSet> {
    let k = |level: &str, file: &str, rest: &str| {
        format!("{level}${{klog_date}} ${{klog_time}} ${{klog_pid}} {file}] {rest}")
    };
    let table = [
        (300, k("I", "kubelet_getters.go:187", "\"Pod status updated\" pod=\"${pod}\" resourceVersion=${big}")),
        (250, k("E", "pod_workers.go:1300", "\"Error syncing pod, skipping\" err=\"${go_err}\" pod=\"${pod}\" podUID=\"${uuid}\"")),
        (200, k("I", "scope.go:117", "\"RemoveContainer\" containerID=\"${hex64}\"")),
        (40, k("I", "kubelet.go:2414", "\"SyncLoop ADD\" source=\"api\" pods=${pod_list}")),
        (30, k("I", "kubelet.go:2421", "\"SyncLoop UPDATE\" source=\"api\" pods=${pod_list}")),
        (12, k("I", "kubelet.go:2430", "\"SyncLoop DELETE\" source=\"api\" pods=${pod_list}")),
        (10, k("I", "kubelet.go:2424", "\"SyncLoop REMOVE\" source=\"api\" pods=${pod_list}")),
        (40, k("I", "prober.go:107", "\"Probe failed\" probeType=\"${probe_type}\" pod=\"${pod}\" podUID=\"${uuid}\" containerName=\"${container}\" probeResult=\"failure\" output=\"${go_err}\"")),
        (28, k("I", "kubelet.go:2498", "\"SyncLoop (probe)\" probe=\"${probe_type_lower}\" status=\"${probe_status}\" pod=\"${pod}\"")),
        (12, k("I", "generic.go:334", "\"Generic (PLEG): container finished\" podID=\"${uuid}\" containerID=\"${hex64}\" exitCode=${small}")),
        (10, k("E", "remote_image.go:180", "\"PullImage from image service failed\" err=\"${go_err}\" image=\"${image}\"")),
        (6, k("I", "kuberuntime_container.go:745", "\"Killing container with a grace period\" pod=\"${pod}\" podUID=\"${uuid}\" containerName=\"${container}\" containerID=\"${runtime_container_id}\" gracePeriod=30")),
        (5, k("W", "kubelet_pods.go:906", "\"Unable to retrieve pull secret, the image pull may not succeed.\" pod=\"${pod}\" secret=\"\" err=\"secret not found\"")),
        (4, k("I", "kubelet_volumes.go:163", "\"Cleaned up orphaned pod volumes dir\" podUID=\"${uuid}\" path=\"${pod_volumes_path}\"")),
        (3, k("I", "cache.go:40", "re-using cached key and certificate")),
        (3, k("E", "eviction_manager.go:282", "\"Eviction manager: failed to get summary stats\" err=\"failed to get node info: node ${node} not found\"")),
        (2, k("I", "server.go:1256", "\"Started kubelet\"")),
    ];
    FormatSet::new(
        "EksKubelet",
        "kubelet klog lines with structured key=\"value\" pairs",
        &table,
    )
}

/// containerd on an EKS node: logrus logfmt (`time="..." level=info msg="..."`).
pub fn eks_containerd() -> Result<FormatSet> {
    let l = |level: &str, rest: &str| format!("time=\"${{iso_ns}}\" level={level} {rest}");
    let table = [
        (200, l("info", "msg=\"StartContainer for \\\"${hex64}\\\" returns successfully\"")),
        (180, l("info", "msg=\"CreateContainer within sandbox \\\"${hex64}\\\" for container ${container_metadata}\"")),
        (150, l("info", "msg=\"RemoveContainer for \\\"${hex64}\\\" returns successfully\"")),
        (100, l("info", "msg=\"ImageUpdate event name:\\\"${image}\\\"\"")),
        (60, l("info", "msg=\"PullImage \\\"${image}\\\"\"")),
        (40, l("info", "msg=\"stop pulling image ${image}: active requests=0, bytes read=${bytes}\"")),
        (50, l("info", "msg=\"shim disconnected\" id=${hex64} namespace=k8s.io")),
        (50, l("warning", "msg=\"cleaning up after shim disconnected\" id=${hex64} namespace=k8s.io")),
        (40, l("info", "msg=\"cleaning up dead shim\" namespace=k8s.io")),
        (30, l("error", "msg=\"ExecSync for \\\"${hex64}\\\" failed\" error=\"${go_err}\"")),
        (20, l("error", "msg=\"PullImage \\\"${image}\\\" failed\" error=\"${go_err}\"")),
        (10, l("info", "msg=\"StopPodSandbox for \\\"${hex64}\\\" returns successfully\"")),
        (6, l("info", "msg=\"TearDown network for sandbox \\\"${hex64}\\\" successfully\"")),
        (5, l("info", "msg=\"Stop container \\\"${hex64}\\\" with signal terminated\"")),
        (4, l("info", "msg=\"trying next host - response was http.StatusNotFound\" host=${host_port}")),
        (3, "${unit}: Deactivated successfully.".to_string()),
        (3, "${unit}: Consumed ${cpu_time} CPU time.".to_string()),
    ];
    FormatSet::new(
        "EksContainerd",
        "containerd logrus logfmt and systemd scope lines of an EKS node",
        &table,
    )
}

/// Envoy access log entries (Istio's default format) and istio-proxy's own lines.
pub fn envoy_istio() -> Result<FormatSet> {
    let mut table = route_rows(|method, path| {
        format!("[${{iso_ms}}] \"{method} {path} HTTP/1.1\" ${{status}} - via_upstream - \"-\" ${{bytes}} ${{bytes}} ${{ms_int}} ${{ms_int}} \"${{ip}}\" \"${{user_agent}}\" \"${{uuid}}\" \"api.shop.example.com\" \"${{ip_port}}\" outbound|8080||api.shop-prod.svc.cluster.local ${{ip_port}} ${{ip_port}} ${{ip_port}} - default")
    });
    table.extend([
        st(30, "[${iso_ms}] \"POST /v2/payments/${order_id}/capture HTTP/1.1\" 503 UF,URX upstream_reset_before_response_started{connection_failure} - \"-\" 0 91 ${ms_int} - \"${ip}\" \"${user_agent}\" \"${uuid}\" \"api.shop.example.com\" \"${ip_port}\" outbound|8080||api.shop-prod.svc.cluster.local - ${ip_port} ${ip_port} - default"),
        st(10, "[${iso_ms}] \"- - -\" 0 NR filter_chain_not_found - \"-\" 0 0 0 - \"-\" \"-\" \"-\" \"-\" \"-\" - - ${ip_port} ${ip_port} - -"),
        st(40, "${iso_us}\tinfo\txdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012"),
        st(25, "${iso_us}\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream to xds-grpc closed since ${small}s ago: 14, connection error: desc = transport: Error while dialing: dial tcp ${ip_port}: connect: connection refused"),
        st(15, "${iso_us}\tinfo\tcache\tgenerated new workload certificate\tlatency=${go_dur} ttl=${go_dur}"),
        st(8, "${iso_us}\terror\tenvoy lua\tscript log: rejecting request ${uuid}: ${reason}"),
        st(4, "${iso_us}\tinfo\tads\tADS: new connection for node:${pod_name}.${namespace}-${small}"),
    ]);
    FormatSet::new(
        "EnvoyIstio",
        "Envoy access log entries and istio-proxy lines",
        &table,
    )
}
