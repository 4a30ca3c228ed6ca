//! Application loggers: Go (zap, slog, logrus, go-kit), Java (Spring Boot, log4j2 JSON),
//! Python (logging, structlog), Node (pino, winston) and .NET (Serilog).

use super::{route_rows, st};
use crate::error::Result;
use crate::generate::FormatSet;

/// zap's production JSON encoder.
pub fn go_zap() -> Result<FormatSet> {
    let z = |level: &str, caller: &str, msg: &str, fields: &str| {
        format!("{{\"level\":\"{level}\",\"ts\":${{epoch_float}},\"caller\":\"{caller}\",\"msg\":\"{msg}\",{fields}}}")
    };
    let table = [
        (400, z("info", "ingest/consumer.go:142", "message consumed", "\"topic\":\"orders\",\"partition\":${small},\"offset\":${big},\"lag\":${count}")),
        (150, z("debug", "cache/redis.go:88", "cache lookup", "\"key\":\"${cache_key}\",\"hit\":true,\"took\":\"${go_dur}\"")),
        (80, z("info", "server/http.go:61", "request served", "\"method\":\"GET\",\"path\":\"/v2/products\",\"status\":${status},\"duration\":\"${go_dur}\",\"remote\":\"${ip_port}\"")),
        (50, z("info", "server/http.go:61", "request served", "\"method\":\"POST\",\"path\":\"/v2/orders\",\"status\":${status},\"duration\":\"${go_dur}\",\"remote\":\"${ip_port}\"")),
        (60, z("warn", "ingest/consumer.go:201", "slow batch", "\"topic\":\"orders\",\"size\":${count},\"took\":\"${go_dur}\"")),
        (30, z("error", "store/postgres.go:117", "query failed", "\"error\":\"${go_err}\",\"table\":\"${table}\",\"attempt\":${small}")),
        (20, z("info", "worker/pool.go:45", "worker started", "\"worker\":${small},\"queue\":\"${queue}\"")),
        (10, z("error", "payments/client.go:73", "Payment declined for order ${order_id}: ${decline_reason}", "\"provider\":\"stripe\"")),
        (6, z("info", "cmd/main.go:39", "configuration loaded", "\"path\":\"/etc/app/config.yaml\",\"version\":\"${version}\"")),
        (4, z("fatal", "cmd/main.go:57", "cannot start", "\"error\":\"${go_err}\"")),
        (120, z("info", "grpc/server.go:97", "finished unary call", "\"grpc.method\":\"GetOrder\",\"grpc.code\":\"OK\",\"grpc.time_ms\":${ms},\"peer\":\"${ip_port}\"")),
        (40, z("info", "grpc/server.go:97", "finished unary call", "\"grpc.method\":\"ListOrders\",\"grpc.code\":\"OK\",\"grpc.time_ms\":${ms},\"peer\":\"${ip_port}\"")),
        (25, z("warn", "retry/backoff.go:33", "retrying", "\"attempt\":${small},\"error\":\"${go_err}\",\"backoff\":\"${go_dur}\"")),
    ];
    FormatSet::new(
        "GoZap",
        "Go services logging with zap's JSON encoder",
        &table,
    )
}

/// Go logfmt: go-kit (`ts= caller= level=`), log/slog's text handler and logrus' text
/// formatter, with HTTP requests inside `msg="..."`.
pub fn go_logfmt() -> Result<FormatSet> {
    let mut table: Vec<(u32, String)> = [
        (120, "POST", "/push.v1.PusherService/Push"),
        (80, "POST", "/ingester.v1.IngesterService/Push"),
        (40, "GET", "/api/v1/query"),
        (20, "GET", "/api/v1/tenants/${order_id}/rules"),
        (15, "POST", "/ingest?${query}"),
        (6, "DELETE", "/api/v1/tenants/${order_id}/rules/${word}"),
    ]
    .iter()
    .map(|(w, method, path)| {
        (*w, format!("ts=${{iso_ns}} caller=http.go:194 level=debug traceID=${{hex16}} orgID=${{small}} msg=\"{method} {path} (${{status}}) ${{go_dur}}\""))
    })
    .collect();
    table.extend([
        st(250, "ts=${iso_ns} caller=filetargetmanager.go:181 level=info component=logs msg=\"received file watcher event\" name=${path} op=CREATE"),
        st(100, "ts=${iso_ns} caller=tailer.go:147 level=info component=tailer msg=\"tail routine: started\" path=${path}"),
        st(60, "ts=${iso_ns} caller=tailer.go:164 level=info component=tailer msg=\"tail routine: tail channel closed, stopping tailer\" path=${path} reason=\"${reason}\""),
        st(40, "ts=${iso_ns} caller=logfmt.go:139 level=error component=stage msg=\"failed to decode logfmt\" err=\"${reason}\""),
        st(150, "time=${iso_ms} level=INFO msg=\"cache refreshed\" entries=${count} took=${go_dur}"),
        st(60, "time=${iso_ms} level=WARN msg=\"upstream slow\" upstream=${upstream} p99=${go_dur}"),
        st(30, "time=${iso_ms} level=ERROR msg=\"job failed\" job=${uuid} err=\"${go_err}\""),
        st(20, "time=${iso_ms} level=INFO msg=\"uploaded export\" key=${s3_key} size=\"${size_phrase}\""),
        st(80, "time=\"${iso_s}\" level=info msg=\"Processed ${count} messages from ${queue}\" worker=${small}"),
        st(25, "time=\"${iso_s}\" level=warning msg=\"Retrying delivery of ${uuid}: ${reason}\" attempt=${small}"),
        st(8, "time=\"${iso_s}\" level=error msg=\"Webhook to ${host_port} failed\" error=\"${go_err}\""),
        st(5, "ts=${iso_ns} caller=main.go:57 level=info msg=\"starting agent\" version=${version}"),
    ]);
    FormatSet::new(
        "GoLogfmt",
        "Go logfmt from go-kit, slog and logrus, with HTTP requests inside msg",
        &table,
    )
}

/// Spring Boot 3's default console pattern.
pub fn spring_boot() -> Result<FormatSet> {
    let s = |level: &str, logger: &str, msg: &str| {
        format!("${{iso_offset}} {level:>5} 1 --- [orders] [${{thread}}] {logger:<40} : {msg}")
    };
    let table = [
        (350, s("INFO", "c.e.shop.orders.OrderController", "Created order ${order_id} for customer ${user_id}")),
        (200, s("DEBUG", "c.e.shop.orders.OrderRepository", "Loaded ${count} order lines in ${ms_int} ms")),
        (100, s("INFO", "c.e.shop.payments.PaymentClient", "Charged ${order_id} with provider stripe in ${ms_int} ms")),
        (50, s("WARN", "c.e.shop.payments.PaymentClient", "Payment declined for order ${order_id}: ${decline_reason}")),
        (30, s("ERROR", "o.a.c.c.C.[.[.[/].[dispatcherServlet]", "Servlet.service() for servlet [dispatcherServlet] threw exception")),
        (30, s("ERROR", "c.e.shop.web.GlobalExceptionHandler", "Unhandled exception for request ${order_id}: ${java_exception}")),
        (40, s("WARN", "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${secs}s).")),
        (20, s("INFO", "c.e.shop.mail.MailService", "Sent e-mail to ${email} with subject '${subject}'")),
        (15, s("INFO", "o.s.s.concurrent.ThreadPoolTaskScheduler", "Scheduled task exportOrders took ${ms_int} ms")),
        (5, s("INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path '/'")),
        (4, s("INFO", "c.e.shop.OrdersApplication", "Started OrdersApplication in ${secs} seconds (process running for ${secs})")),
        (3, s("WARN", "o.s.b.a.jdbc.DataSourceHealthIndicator", "DataSource health check failed")),
    ];
    FormatSet::new("SpringBoot", "Spring Boot 3 console lines", &table)
}

/// log4j2's JsonTemplateLayout with the ECS template.
pub fn log4j2_json() -> Result<FormatSet> {
    let j = |level: &str, logger: &str, msg: &str| {
        format!("{{\"@timestamp\":\"${{iso_ms}}\",\"ecs.version\":\"1.2.0\",\"log.level\":\"{level}\",\"message\":\"{msg}\",\"process.thread.name\":\"${{thread}}\",\"log.logger\":\"{logger}\"}}")
    };
    let table = [
        (300, j("INFO", "com.example.ledger.PostingService", "Posted journal entry ${order_id} with ${small} lines")),
        (150, j("DEBUG", "com.example.ledger.BalanceCache", "Balance of account ${user_id} refreshed in ${ms_int} ms")),
        (80, j("INFO", "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator", "[Consumer clientId=ledger-1, groupId=payment-ledger] Setting offset for partition ${topic_partition} to the committed offset FetchPosition{offset=${big}, offsetEpoch=Optional.empty}")),
        (40, j("WARN", "com.example.ledger.PostingService", "Posting ${order_id} retried after ${reason}")),
        (25, j("ERROR", "com.example.ledger.web.ErrorHandler", "Unhandled exception for request ${order_id}: ${java_exception}")),
        (15, j("INFO", "com.example.ledger.GcMonitor", "GC pause (G1 Evacuation Pause) ${heap_change} ${ms} ms")),
        (8, j("WARN", "com.zaxxer.hikari.pool.ProxyConnection", "HikariPool-1 - Connection org.postgresql.jdbc.PgConnection@${hex8} marked as broken because of SQLSTATE(08006), ErrorCode(0)")),
        (4, j("INFO", "com.example.ledger.LedgerApplication", "Started LedgerApplication in ${secs} seconds")),
        (60, j("WARN", "com.example.ledger.PaymentRepository", "Slow query on ${table} took ${ms_int} ms")),
        (90, j("INFO", "com.example.ledger.Reconciler", "Reconciled ${count} payments for merchant ${user_id}")),
        (12, j("ERROR", "com.example.ledger.EventPublisher", "Failed to publish event ${uuid} to ${topic_partition}: ${reason}")),
        (120, j("DEBUG", "com.example.ledger.web.AccessLog", "GET /api/accounts/${order_id} returned ${status} in ${ms_int} ms")),
        (3, j("INFO", "org.springframework.web.servlet.DispatcherServlet", "Completed initialization in ${ms_int} ms")),
    ];
    FormatSet::new(
        "Log4j2Json",
        "log4j2 JSON lines (JsonTemplateLayout, ECS)",
        &table,
    )
}

/// Python's logging module (default-ish pattern, a compute manager's lifecycle events) and
/// structlog's console renderer.
pub fn python() -> Result<FormatSet> {
    let p = |level: &str, logger: &str, msg: &str| {
        format!("${{space_comma}} ${{pid}} {level} {logger} {msg}")
    };
    let vm = |event: &str| {
        p(
            "INFO",
            "compute.manager",
            &format!(
                "[req-${{uuid}} - - - - -] [instance: ${{uuid}}] VM {event} (Lifecycle Event)"
            ),
        )
    };
    let table = [
        (250, p("INFO", "orders.worker", "Processed message ${uuid} from ${queue} in ${ms_int} ms")),
        (120, p("DEBUG", "urllib3.connectionpool", "https://${host_port} \"POST /v1/charges HTTP/1.1\" ${status} ${bytes}")),
        (40, vm("Started")),
        (25, vm("Paused")),
        (25, vm("Resumed")),
        (15, vm("Stopped")),
        (60, p("WARNING", "orders.worker", "Retrying ${uuid} after ${reason}")),
        (30, p("ERROR", "orders.worker", "Failed to handle ${uuid}: ${py_exception}")),
        (20, p("INFO", "botocore.credentials", "Found credentials in environment variables.")),
        (150, "${iso_us} [info     ] order placed                   order_id=${order_id} total=${percent} user=${email}".to_string()),
        (60, "${iso_us} [warning  ] payment declined               order_id=${order_id} reason='${decline_reason}'".to_string()),
        (30, "${iso_us} [info     ] email sent                     to=${email} subject='${subject}'".to_string()),
        (10, "${iso_us} [error    ] export failed                  key=${s3_key} error='${py_exception}'".to_string()),
    ];
    FormatSet::new(
        "Python",
        "Python logging lines and structlog console lines",
        &table,
    )
}

/// pino's and winston's JSON lines, with pino-http request logs split by method and route.
pub fn node_json() -> Result<FormatSet> {
    let mut table = route_rows(|method, path| {
        format!("{{\"level\":30,\"time\":${{epoch_ms}},\"pid\":${{pid}},\"hostname\":\"${{pod_name}}\",\"req\":{{\"id\":${{big}},\"method\":\"{method}\",\"url\":\"{path}\",\"remoteAddress\":\"${{ip}}\"}},\"res\":{{\"statusCode\":${{status}}}},\"responseTime\":${{ms_int}},\"msg\":\"request completed\"}}")
    });
    table.extend([
        st(150, "{\"level\":30,\"time\":${epoch_ms},\"pid\":${pid},\"hostname\":\"${pod_name}\",\"cartId\":\"${cache_key}\",\"items\":${small},\"msg\":\"cart updated\"}"),
        st(40, "{\"level\":40,\"time\":${epoch_ms},\"pid\":${pid},\"hostname\":\"${pod_name}\",\"msg\":\"slow upstream ${upstream}: ${ms_int} ms\"}"),
        st(25, "{\"level\":50,\"time\":${epoch_ms},\"pid\":${pid},\"hostname\":\"${pod_name}\",\"err\":{\"type\":\"Error\",\"message\":\"${reason}\"},\"msg\":\"checkout failed\"}"),
        st(100, "{\"level\":\"info\",\"message\":\"Session ${hex16} refreshed for ${email}\",\"service\":\"accounts\",\"timestamp\":\"${iso_ms}\"}"),
        st(40, "{\"level\":\"warn\",\"message\":\"Rate limit close for tenant ${user_id}: ${count} requests left\",\"service\":\"accounts\",\"timestamp\":\"${iso_ms}\"}"),
        st(15, "{\"level\":\"error\",\"message\":\"Sending e-mail to ${email} failed: ${reason}\",\"service\":\"notifier\",\"timestamp\":\"${iso_ms}\"}"),
        st(5, "{\"level\":30,\"time\":${epoch_ms},\"pid\":${pid},\"hostname\":\"${pod_name}\",\"msg\":\"Server listening at http://0.0.0.0:3000\"}"),
    ]);
    FormatSet::new(
        "NodeJson",
        "pino and winston JSON lines of Node services",
        &table,
    )
}

/// Serilog's console sink and its compact JSON, with ASP.NET request logging by route.
pub fn dotnet_serilog() -> Result<FormatSet> {
    let mut table = route_rows(|method, path| {
        format!("[${{hms}} INF] HTTP {method} {path} responded ${{status}} in ${{ms}} ms")
    });
    table.extend([
        st(120, "[${hms} INF] Processed invoice ${order_id} for ${serilog_object} in ${ms_int} ms"),
        st(60, "[${hms} WRN] Invoice ${order_id} rendering retried after ${reason}"),
        st(30, "[${hms} ERR] Unhandled exception for request ${order_id}: System.TimeoutException: The operation has timed out."),
        st(10, "[${hms} INF] Now listening on: http://[::]:8080"),
        st(80, "{\"@t\":\"${iso_ns}\",\"@mt\":\"Queued {JobId} on {Queue}\",\"JobId\":\"${uuid}\",\"Queue\":\"${queue}\",\"SourceContext\":\"Billing.Jobs.Scheduler\"}"),
        st(40, "{\"@t\":\"${iso_ns}\",\"@mt\":\"Job {JobId} finished in {Elapsed:0.000} ms\",\"JobId\":\"${uuid}\",\"Elapsed\":${ms},\"SourceContext\":\"Billing.Jobs.Worker\"}"),
        st(12, "{\"@t\":\"${iso_ns}\",\"@mt\":\"Job {JobId} failed\",\"@l\":\"Error\",\"@x\":\"${java_exception}\",\"JobId\":\"${uuid}\",\"SourceContext\":\"Billing.Jobs.Worker\"}"),
    ]);
    FormatSet::new(
        "DotnetSerilog",
        "Serilog console and compact JSON lines of ASP.NET services",
        &table,
    )
}
