//! AWS services' own formats: Lambda (runtime console and platform lines, Powertools JSON),
//! ECS through FireLens, ALB and API Gateway access logs, VPC flow logs.

use super::{route_rows, st};
use crate::error::Result;
use crate::generate::FormatSet;

/// Lambda's platform lines and the Node.js and Python runtimes' console lines.
pub fn lambda_plain() -> Result<FormatSet> {
    let table = [
        st(300, "${iso_ms}\t${uuid}\tINFO\tProcessed ${count} records from queue ${queue}"),
        st(200, "START RequestId: ${uuid} Version: $LATEST"),
        st(200, "END RequestId: ${uuid}"),
        st(180, "REPORT RequestId: ${uuid}\tDuration: ${ms} ms\tBilled Duration: ${ms_int} ms\tMemory Size: 512 MB\tMax Memory Used: ${memory_mb} MB\t"),
        st(20, "REPORT RequestId: ${uuid}\tDuration: ${ms} ms\tBilled Duration: ${ms_int} ms\tMemory Size: 512 MB\tMax Memory Used: ${memory_mb} MB\tInit Duration: ${ms} ms\t"),
        st(20, "INIT_START Runtime Version: nodejs:20.v22\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:${hex64}"),
        st(60, "${iso_ms}\t${uuid}\tWARN\tRetrying call to ${upstream} after ${reason}"),
        st(30, "${iso_ms}\t${uuid}\tERROR\tInvoke Error \t{\"errorType\":\"Error\",\"errorMessage\":\"${reason}\"}"),
        st(8, "${iso_ms} ${uuid} Task timed out after ${secs} seconds"),
        st(40, "[INFO]\t${iso_ms}\t${uuid}\tFound credentials in environment variables."),
        st(25, "[ERROR]\t${iso_ms}\t${uuid}\tPayment declined for order ${order_id}: ${decline_reason}"),
        st(15, "[INFO]\t${iso_ms}\t${uuid}\tSent e-mail to ${email}, subject: ${subject}"),
        st(12, "${iso_ms}\t${uuid}\tINFO\tUploaded ${size_phrase} to s3://exports-bucket/${s3_key}"),
        st(5, "EXTENSION\tName: telemetry-agent\tState: Ready\tEvents: [INVOKE, SHUTDOWN]"),
        st(3, "INIT_REPORT Init Duration: ${ms} ms\tPhase: init\tStatus: timeout"),
        st(4, "[WARNING]\t${iso_ms}\t${uuid}\tConnection pool is full, discarding connection: ${host_port}"),
    ];
    FormatSet::new(
        "LambdaPlain",
        "Lambda platform lines (START, END, REPORT, INIT_START) and runtime console lines",
        &table,
    )
}

/// AWS Lambda Powertools structured JSON, with its metrics lines.
pub fn lambda_powertools() -> Result<FormatSet> {
    let head = "{\"level\":\"INFO\",\"location\":\"create_order:58\"";
    let ctx = "\"function_name\":\"orders-api\",\"function_request_id\":\"${uuid}\",\"xray_trace_id\":\"${xray_trace}\"}";
    let table = [
        st(300, &format!("{head},\"message\":\"Order accepted\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"orders\",\"order_id\":${{order_id}},\"items\":${{small}},{ctx}")),
        st(120, &format!("{{\"level\":\"DEBUG\",\"location\":\"get_cached:31\",\"message\":\"Cache miss\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"orders\",\"key\":\"${{cache_key}}\",{ctx}")),
        st(90, &format!("{{\"level\":\"INFO\",\"location\":\"call_upstream:88\",\"message\":\"Calling downstream\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"orders\",\"upstream\":\"${{upstream}}\",\"attempt\":${{small}},{ctx}")),
        st(40, &format!("{{\"level\":\"WARNING\",\"location\":\"_retry:112\",\"message\":\"Retrying after ${{reason}}\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"orders\",\"attempt\":${{small}},{ctx}")),
        st(30, &format!("{{\"level\":\"ERROR\",\"location\":\"charge:140\",\"message\":\"Payment declined for order ${{order_id}}: ${{decline_reason}}\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"payments\",{ctx}")),
        st(15, &format!("{{\"level\":\"ERROR\",\"location\":\"persist:77\",\"message\":\"Failed to persist order\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"orders\",\"exception\":\"${{py_exception}}\",{ctx}")),
        st(60, &format!("{{\"level\":\"DEBUG\",\"location\":\"process_batch:201\",\"message\":\"Batch processed\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"orders\",\"batch_size\":${{count}},\"failed\":${{count}},{ctx}")),
        st(80, "{\"_aws\":{\"Timestamp\":${epoch_ms},\"CloudWatchMetrics\":[{\"Namespace\":\"Shop\",\"Dimensions\":[[\"service\"]],\"Metrics\":[{\"Name\":\"OrdersAccepted\",\"Unit\":\"Count\"}]}]},\"service\":\"orders\",\"OrdersAccepted\":[${small}]}"),
        st(10, &format!("{{\"level\":\"INFO\",\"location\":\"notify:19\",\"message\":\"Sent e-mail\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"notifier\",\"to\":\"${{email}}\",\"subject\":\"${{subject}}\",{ctx}")),
        st(5, &format!("{{\"level\":\"INFO\",\"location\":\"export:64\",\"message\":\"Export written\",\"timestamp\":\"${{space_comma}}+0000\",\"service\":\"reports\",\"key\":\"${{s3_key}}\",\"size\":\"${{size_phrase}}\",{ctx}")),
    ];
    FormatSet::new(
        "LambdaPowertools",
        "AWS Lambda Powertools JSON lines and embedded-metric lines",
        &table,
    )
}

/// ECS tasks' lines as FireLens ships them: the container's line inside a JSON envelope.
pub fn ecs_firelens() -> Result<FormatSet> {
    let envelope = |container: &str, source: &str, log: &str| {
        format!("{{\"container_id\":\"${{ecs_container_id}}\",\"container_name\":\"{container}\",\"ecs_cluster\":\"prod-shop\",\"ecs_task_arn\":\"arn:aws:ecs:eu-west-1:123456789012:task/prod-shop/${{hex32}}\",\"ecs_task_definition\":\"{container}:42\",\"log\":\"{log}\",\"source\":\"{source}\"}}")
    };
    let table = [
        (400, envelope("checkout", "stdout", "${iso_ms} INFO Order ${order_id} persisted in ${ms_int} ms")),
        (150, envelope("checkout", "stdout", "${iso_ms} INFO Reserved ${small} items for cart ${cache_key}")),
        (60, envelope("checkout", "stderr", "${iso_ms} WARN Inventory call to ${upstream} took ${ms_int} ms, above the 500 ms budget")),
        (20, envelope("checkout", "stderr", "${iso_ms} ERROR Payment declined for order ${order_id}: ${decline_reason}")),
        (200, envelope("web", "stdout", "${ip} - - [${clf_time}] \\\"GET /v2/products HTTP/1.1\\\" ${status} ${bytes} \\\"${referer}\\\" \\\"${user_agent}\\\"")),
        (90, envelope("web", "stdout", "${ip} - - [${clf_time}] \\\"POST /v2/orders HTTP/1.1\\\" ${status} ${bytes} \\\"${referer}\\\" \\\"${user_agent}\\\"")),
        (10, envelope("web", "stderr", "${slash_time} [warn] 1#1: *${big} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${small}/${small}/${big} while reading upstream")),
        (8, envelope("worker", "stdout", "Job ${uuid} finished: ${count} rows exported to s3://exports-bucket/${s3_key}")),
        (5, envelope("worker", "stderr", "Job ${uuid} failed: ${reason}")),
        (3, envelope("worker", "stdout", "Worker ${small} started, polling ${queue}")),
    ];
    FormatSet::new(
        "EcsFireLens",
        "ECS container lines in the FireLens JSON envelope",
        &table,
    )
}

/// ALB access log entries and API Gateway JSON access logs.
pub fn alb_api_gateway() -> Result<FormatSet> {
    let mut table = route_rows(|method, path| {
        format!("h2 ${{iso_us}} app/prod-shop-alb/50dc6c495c0c9188 ${{ip_port}} ${{ip_port}} 0.000 ${{secs}} 0.000 ${{status}} ${{status}} ${{bytes}} ${{bytes}} \"{method} https://shop.example.com:443{path} HTTP/2.0\" \"${{user_agent}}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-api/73e2d6bc24d8a067 \"${{amzn_trace}}\" \"shop.example.com\" \"arn:aws:acm:eu-west-1:123456789012:certificate/3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b\" 0 ${{iso_us}} \"forward\" \"-\" \"-\" \"${{ip_port}}\" \"${{status}}\" \"-\" \"-\"")
    });
    for (w, method, resource) in [
        (200, "GET", "/orders/{id}"),
        (90, "POST", "/orders"),
        (30, "GET", "/customers/{customerId}/invoices"),
        (8, "DELETE", "/sessions/{id}"),
    ] {
        table.push((w, format!("{{\"requestId\":\"${{uuid}}\",\"ip\":\"${{ip}}\",\"requestTime\":\"${{clf_time}}\",\"httpMethod\":\"{method}\",\"resourcePath\":\"{resource}\",\"status\":\"${{status}}\",\"protocol\":\"HTTP/1.1\",\"responseLength\":\"${{bytes}}\",\"integrationLatency\":\"${{ms_int}}\"}}")));
    }
    table.push((5, "h2 ${iso_us} app/prod-shop-alb/50dc6c495c0c9188 ${ip_port} - -1 -1 -1 460 - ${bytes} 0 \"POST https://shop.example.com:443/v2/uploads HTTP/2.0\" \"${user_agent}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-api/73e2d6bc24d8a067 \"${amzn_trace}\" \"shop.example.com\" \"arn:aws:acm:eu-west-1:123456789012:certificate/3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b\" 0 ${iso_us} \"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"".to_string()));
    FormatSet::new(
        "AlbApiGateway",
        "ALB access log entries and API Gateway JSON access logs, split by method and route",
        &table,
    )
}

/// VPC flow log records (the default version 2 and a version 5 custom format): accepted and
/// rejected traffic, and the records of intervals without data.
pub fn vpc_flow_logs() -> Result<FormatSet> {
    let table = [
        st(600, "2 123456789012 ${eni} ${ip} ${ip} ${port} ${dst_port} ${protocol} ${count} ${bytes} ${epoch_s} ${epoch_s_end} ACCEPT OK"),
        st(200, "2 123456789012 ${eni} ${ip} ${ip} ${port} ${dst_port} ${protocol} ${count} ${bytes} ${epoch_s} ${epoch_s_end} REJECT OK"),
        st(20, "2 123456789012 ${eni} - - - - - - - ${epoch_s} ${epoch_s_end} - NODATA"),
        st(5, "2 123456789012 ${eni} - - - - - - - ${epoch_s} ${epoch_s_end} - SKIPDATA"),
        st(150, "5 vpc-0c2f3a4b5d6e7f809 subnet-0a9b8c7d6e5f40312 ${instance_id} ${eni} IPv4 ${ip} ${ip} ${port} ${dst_port} ${protocol} ${count} ${bytes} ${epoch_s} ${epoch_s_end} ACCEPT OK"),
        st(40, "5 vpc-0c2f3a4b5d6e7f809 subnet-0a9b8c7d6e5f40312 ${instance_id} ${eni} IPv4 ${ip} ${ip} ${port} ${dst_port} ${protocol} ${count} ${bytes} ${epoch_s} ${epoch_s_end} REJECT OK"),
    ];
    FormatSet::new(
        "VpcFlowLogs",
        "VPC flow log records, default version 2 and a version 5 custom format",
        &table,
    )
}
