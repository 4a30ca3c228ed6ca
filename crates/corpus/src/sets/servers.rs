//! Servers users run next to their code: nginx, RDS PostgreSQL and MySQL, Kafka brokers, and
//! desktop agents whose header times come in shapes no list holds.

use super::{route_rows, st};
use crate::error::Result;
use crate::generate::FormatSet;

/// nginx access lines (combined format, split by method and route) and error lines.
pub fn nginx() -> Result<FormatSet> {
    let mut table = route_rows(|method, path| {
        format!("${{ip}} - - [${{clf_time}}] \"{method} {path} HTTP/1.1\" ${{status}} ${{bytes}} \"${{referer}}\" \"${{user_agent}}\" rt=${{secs}} uct=\"${{secs}}\"")
    });
    table.extend([
        st(30, "${slash_time} [error] 31#31: *${big} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip}, server: api.shop.example.com, request: \"GET /v2/orders/${order_id} HTTP/1.1\", upstream: \"http://${ip_port}/v2/orders/${order_id}\", host: \"api.shop.example.com\""),
        st(20, "${slash_time} [error] 31#31: *${big} connect() failed (111: Connection refused) while connecting to upstream, client: ${ip}, server: api.shop.example.com, request: \"POST /v2/orders HTTP/1.1\", upstream: \"http://${ip_port}/v2/orders\", host: \"api.shop.example.com\""),
        st(15, "${slash_time} [warn] 31#31: *${big} a client request body is buffered to a temporary file /var/cache/nginx/client_temp/${big}, client: ${ip}, server: api.shop.example.com, request: \"POST /v2/orders HTTP/1.1\", host: \"api.shop.example.com\""),
        st(8, "${slash_time} [info] 31#31: *${big} client ${ip} closed keepalive connection"),
        st(4, "${slash_time} [notice] 1#1: signal process started"),
    ]);
    FormatSet::new(
        "Nginx",
        "nginx access lines by method and route, and error lines",
        &table,
    )
}

/// RDS for PostgreSQL's log_line_prefix `%t:%r:%u@%d:[%p]:`, with the multi-line records of
/// errors (ERROR, DETAIL, STATEMENT).
pub fn rds_postgres() -> Result<FormatSet> {
    let c = "${space_s} UTC:${ip}(${port}):${db_user}@${db_name}:[${pid}]:";
    let bg = "${space_s} UTC::@:[${pid}]:";
    let table = [
        st(300, &format!("{c}LOG:  duration: ${{ms}} ms  statement: ${{sql}}")),
        st(150, &format!("{c}LOG:  connection received: host=${{ip}} port=${{port}}")),
        st(120, &format!("{c}LOG:  connection authorized: user=${{db_user}} database=${{db_name}} application_name=PostgreSQL JDBC Driver SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)")),
        st(120, &format!("{c}LOG:  disconnection: session time: ${{session_time}} user=${{db_user}} database=${{db_name}} host=${{ip}} port=${{port}}")),
        st(30, &format!("{bg}LOG:  checkpoint starting: time")),
        st(6, &format!("{bg}LOG:  checkpoint starting: wal")),
        st(30, &format!("{bg}LOG:  checkpoint complete: wrote ${{count}} buffers (${{percent}}%); 0 WAL file(s) added, 0 removed, ${{small}} recycled; write=${{secs}} s, sync=${{secs}} s, total=${{secs}} s; sync files=${{small}}, longest=${{secs}} s, average=${{secs}} s; distance=${{bytes}} kB, estimate=${{bytes}} kB")),
        st(25, &format!("{c}ERROR:  duplicate key value violates unique constraint \"orders_pkey\"\n{c}DETAIL:  Key (id)=(${{order_id}}) already exists.\n{c}STATEMENT:  ${{sql}}")),
        st(10, &format!("{c}ERROR:  canceling statement due to statement timeout\n{c}STATEMENT:  ${{sql}}")),
        st(15, &format!("{bg}LOG:  automatic vacuum of table \"${{db_name}}.${{table}}\": index scans: ${{small}}")),
        st(8, &format!("{c}FATAL:  password authentication failed for user \"${{db_user}}\"")),
        st(4, &format!("{bg}LOG:  received SIGHUP, reloading configuration files")),
    ];
    FormatSet::new(
        "RdsPostgres",
        "RDS for PostgreSQL lines, multi-line error records included",
        &table,
    )
}

/// RDS for MySQL's error log and slow query log (each line of a slow-query record on its own).
pub fn rds_mysql() -> Result<FormatSet> {
    let table = [
        st(200, "${iso_us} ${small} [Note] [MY-010914] [Server] Aborted connection ${big} to db: '${db_name}' user: '${db_user}' host: '${ip}' (Got an error reading communication packets)."),
        st(120, "# Time: ${iso_us}\n# User@Host: ${db_user}[${db_user}] @  [${ip}]  Id: ${big}\n# Query_time: ${secs}  Lock_time: ${secs} Rows_sent: ${count}  Rows_examined: ${big}\nSET timestamp=${epoch_s};"),
        st(60, "${iso_us} ${small} [Warning] [MY-010055] [Server] IP address '${ip}' could not be resolved: Name or service not known"),
        st(30, "${iso_us} 0 [Note] [MY-011953] [InnoDB] Page cleaner took ${ms_int}ms to flush ${count} and evict 0 pages"),
        st(15, "${iso_us} ${small} [Note] [MY-010926] [Server] Access denied for user '${db_user}'@'${ip}' (using password: YES)"),
        st(5, "${iso_us} 0 [System] [MY-010931] [Server] /rdsdbbin/mysql/bin/mysqld: ready for connections. Version: '8.0.36'  socket: '/tmp/mysql.sock'  port: 3306  Source distribution."),
    ];
    FormatSet::new(
        "RdsMysql",
        "RDS for MySQL error log and slow query log lines",
        &table,
    )
}

/// Kafka broker server.log lines.
pub fn kafka() -> Result<FormatSet> {
    let table = [
        st(250, "[${space_comma}] INFO [LocalLog partition=${topic_partition}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${big} in ${ms_int} ms. (kafka.log.LocalLog)"),
        st(200, "[${space_comma}] INFO [UnifiedLog partition=${topic_partition}, dir=/var/lib/kafka/data] Incremented log start offset to ${big} due to leader offset increment (kafka.log.UnifiedLog)"),
        st(100, "[${space_comma}] INFO [GroupCoordinator 1]: Preparing to rebalance group ${consumer_group} in state PreparingRebalance with old generation ${count} (__consumer_offsets-${small}) (reason: ${reason}) (kafka.coordinator.group.GroupCoordinator)"),
        st(100, "[${space_comma}] INFO [GroupCoordinator 1]: Stabilized group ${consumer_group} generation ${count} (__consumer_offsets-${small}) with ${small} members (kafka.coordinator.group.GroupCoordinator)"),
        st(60, "[${space_comma}] INFO [ReplicaFetcher replicaId=1, leaderId=${small}, fetcherId=0] Truncating partition ${topic_partition} with TruncationState(offset=${big}, completed=true) due to local high watermark ${big} (kafka.server.ReplicaFetcherThread)"),
        st(40, "[${space_comma}] WARN [ReplicaFetcher replicaId=1, leaderId=${small}, fetcherId=0] Error in response for fetch request (type=FetchRequest, replicaId=1, maxWait=500, minBytes=1, maxBytes=10485760) (kafka.server.ReplicaFetcherThread)"),
        st(20, "[${space_comma}] INFO [Admin Manager on Broker 1]: Updating topic ${topic_partition} with new configuration retention.ms=${big} (kafka.server.ZkAdminManager)"),
        st(10, "[${space_comma}] ERROR [KafkaApi-1] Error when handling request: clientId=${consumer_group}, correlationId=${big}, api=FETCH (kafka.server.KafkaApis)"),
        st(5, "[${space_comma}] INFO [SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication with /${ip} (channelId=${kafka_channel}) (Unexpected Kafka request of type METADATA during SASL handshake.) (org.apache.kafka.common.network.Selector)"),
        st(30, "[${space_comma}] INFO [Controller id=1] Processing automatic preferred replica leader election (kafka.controller.KafkaController)"),
        st(80, "[${space_comma}] INFO [ProducerStateManager partition=${topic_partition}] Wrote producer snapshot at offset ${big} with ${small} producer ids in ${ms_int} ms. (kafka.log.ProducerStateManager)"),
        st(25, "[${space_comma}] INFO [GroupMetadataManager brokerId=1] Removed ${count} expired offsets in ${ms_int} milliseconds. (kafka.coordinator.group.GroupMetadataManager)"),
        st(8, "[${space_comma}] WARN [SocketServer listenerType=ZK_BROKER, nodeId=1] Unexpected error from /${ip} (channelId=${kafka_channel}); closing connection (org.apache.kafka.common.network.Selector)"),
    ];
    FormatSet::new("Kafka", "Kafka broker server.log lines", &table)
}

/// Desktop and device agents shipping through the CloudWatch agent: headers with times of
/// shapes no list holds (`20240507-9:5:3:77|Component|pid|...`, fields not padded;
/// `[05.07 10:58:13] program.exe - ...`), component, pid and program found by position.
pub fn desktop_headers() -> Result<FormatSet> {
    let table = [
        st(300, "${pipe_time}|Sync_Engine|${pid}|uploaded chunk ${big} of ${s3_key}"),
        st(150, "${pipe_time}|Sync_Engine|${pid}|queue length ${count}"),
        st(80, "${pipe_time}|Power_Monitor|${pid}|battery at ${percent} percent, charging"),
        st(40, "${pipe_time}|Power_Monitor|${pid}|battery at ${percent} percent, discharging"),
        st(30, "${pipe_time}|Net_Probe|${pid}|probe to ${host_port} failed: ${reason}"),
        st(250, "[${month_dot_day}] ${program} - ${host_port} open through proxy proxy.corp.example.net:5070 HTTPS"),
        st(200, "[${month_dot_day}] ${program} - ${host_port} close, ${size_phrase} sent, ${size_phrase} received, lifetime ${lifetime}"),
        st(40, "[${month_dot_day}] ${program} - ${host_port} error : Could not connect through proxy proxy.corp.example.net:5070 - connection attempt failed with error ${small}"),
        st(3, "[${month_dot_day}] ${program} *64 - ${host_port} open directly"),
        st(20, "${pipe_time}|Sync_Engine|${pid}|conflict on ${s3_key}, keeping both copies"),
        st(15, "${pipe_time}|Power_Monitor|${pid}|screen off after ${small} minutes idle"),
    ];
    FormatSet::new(
        "DesktopHeaders",
        "desktop agents' lines with unusual header times (unpadded fields, bracketed month.day)",
        &table,
    )
}
