#!/usr/bin/env python3
"""Generate the bundled lognoise demo data set.

The demo data lets someone try lognoise on first launch without an AWS
account. It imitates one day of CloudWatch Logs from a small web shop:

    /aws/lambda/checkout-api                Lambda platform lines + text/JSON app logs
    /ecs/orders-service                     JSON structured logs (Spring Boot style)
    /ecs/web-frontend                       nginx access logs, dominated by ALB health checks
    /aws/rds/instance/orders-db/postgresql  RDS PostgreSQL log lines
    vpc-flow-logs                           VPC flow log records (version 2)
    /aws/lambda/report-worker               logfmt lines from a scheduled Go worker

Everything is synthetic. Identifiers come from a seeded PRNG, client IPs
come from the documentation ranges (RFC 5737) and the AWS account id is
the usual placeholder, so nothing here refers to a real system or person.

The volumes are chosen to look like real life rather than like a test
fixture: noise (health checks, START/END/REPORT, debug chatter, checkpoint
lines) dominates, and genuine errors are rare. Two scripted events give the
day some shape:

    09:30 UTC  a deployment (orders-service tasks are replaced, checkout-api
               gets a new version, so Lambda cold starts cluster there)
    13:42 UTC  a payment provider degradation for ~16 minutes (retries,
               timeouts, 502s)

Usage (from the repository root):

    python3 demo/generate.py

Outputs, written next to this script:

    events.jsonl  one {"timestamp", "logGroup", "logStream", "message"} object
                  per line, sorted by timestamp (FilterLogEvents shape plus
                  the group name)
    demo.log      the messages only, one per line, same order (plain-text
                  input for `lognoise mine`)

The script is deterministic: it only uses the standard library and
`random.Random` instances seeded from a fixed value, so running it twice
produces byte-identical files.
"""

import datetime
import json
import math
import os
import random
import uuid

SEED = "lognoise-demo-v1"

START_MS = 1772409600000  # 2026-03-02T00:00:00Z
DAY_MS = 24 * 60 * 60 * 1000
END_MS = START_MS + DAY_MS

MINUTE_MS = 60 * 1000
HOUR_MS = 60 * MINUTE_MS

DEPLOY_MS = START_MS + 9 * HOUR_MS + 30 * MINUTE_MS
INCIDENT_START_MS = START_MS + 13 * HOUR_MS + 42 * MINUTE_MS
INCIDENT_END_MS = INCIDENT_START_MS + 16 * MINUTE_MS

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

ACCOUNT_ID = "123456789012"

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def rng_for(name):
    """Return a PRNG dedicated to one log group.

    Each group gets its own stream of random numbers (derived from the fixed
    seed and the group name), so tuning one generator does not reshuffle the
    output of all the others.
    """
    return random.Random(f"{SEED}:{name}")


def to_datetime(ts_ms):
    """Convert epoch milliseconds to an aware UTC datetime without float error."""
    return _EPOCH + datetime.timedelta(milliseconds=ts_ms)


def iso_ms(ts_ms):
    """ISO-8601 with milliseconds and a Z suffix, as Lambda and most JSON loggers print."""
    dt = to_datetime(ts_ms)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def pg_time(ts_ms):
    """The `%t` timestamp of PostgreSQL's log_line_prefix."""
    return to_datetime(ts_ms).strftime("%Y-%m-%d %H:%M:%S UTC")


def nginx_time(ts_ms):
    """The `$time_local` field of nginx's combined log format (container runs in UTC)."""
    return to_datetime(ts_ms).strftime("%d/%b/%Y:%H:%M:%S +0000")


def fake_uuid(rng):
    """A random-looking version 4 UUID drawn from the seeded PRNG."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hex_id(rng, chars):
    """A lowercase hex identifier of the given length (task ids, trace ids, ...)."""
    return f"{rng.getrandbits(4 * chars):0{chars}x}"


def diurnal_weight(ts_ms):
    """Relative traffic level at a point of the day, in (0, 1].

    A quiet night floor plus a broad peak in the mid afternoon (UTC), which
    is roughly what a shop serving Europe and the US east coast sees.
    """
    hour = (ts_ms - START_MS) / HOUR_MS
    return 0.18 + 0.82 * math.exp(-(((hour - 15.0) / 4.5) ** 2))


def in_incident(ts_ms):
    """True while the simulated payment provider is degraded."""
    return INCIDENT_START_MS <= ts_ms < INCIDENT_END_MS


def incident_retries(rng, count):
    """Extra requests during the incident: clients retrying failed checkouts."""
    return arrival_times(rng, count, weight=lambda _ts: 1.0, start=INCIDENT_START_MS, end=INCIDENT_END_MS)


def arrival_times(rng, count, weight=diurnal_weight, start=START_MS, end=END_MS):
    """Draw `count` sorted timestamps whose density follows `weight`.

    Plain rejection sampling: cheap at these volumes and easy to reason about.
    """
    times = []
    while len(times) < count:
        ts = rng.randrange(start, end)
        if rng.random() < weight(ts):
            times.append(ts)
    times.sort()
    return times


def jittered_ticks(rng, interval_ms, jitter_ms, start=START_MS, end=END_MS):
    """Timestamps of a periodic job: every `interval_ms`, each a little late."""
    ticks = []
    ts = start + rng.randrange(interval_ms)
    while ts < end:
        ticks.append(ts + rng.randrange(jitter_ms + 1))
        ts += interval_ms
    return ticks


def json_line(fields):
    """Serialise a structured log record the way typical JSON loggers do (compact, ordered)."""
    return json.dumps(fields, separators=(",", ":"))


class EventSink:
    """Collects events from every generator and writes them in time order.

    Each event remembers the order it was produced in, so events that share
    a millisecond keep their causal order (START before END before REPORT).
    """

    def __init__(self):
        self.events = []

    def add(self, ts_ms, group, stream, message):
        if "\n" in message or "\r" in message:
            raise ValueError(f"message contains a line break: {message!r}")
        if START_MS <= ts_ms < END_MS:
            self.events.append((ts_ms, len(self.events), group, stream, message))

    def sorted_events(self):
        return sorted(self.events, key=lambda e: (e[0], e[1]))


# ---------------------------------------------------------------------------
# Lambda runtime model (shared by checkout-api and report-worker)
# ---------------------------------------------------------------------------


class LambdaFunction:
    """Simulates Lambda execution environments for one function.

    Modelling warm and cold environments is what makes the platform lines
    believable: every environment writes to its own log stream, only the first
    invocation in an environment reports an `Init Duration`, idle environments
    get reclaimed, a timeout resets the environment, and a deployment throws
    all environments away.
    """

    def __init__(self, rng, group, memory_mb, base_memory_used, init_ms, idle_reap_ms=40 * MINUTE_MS):
        self.rng = rng
        self.group = group
        self.memory_mb = memory_mb
        self.base_memory_used = base_memory_used
        self.init_ms = init_ms
        self.idle_reap_ms = idle_reap_ms
        self.environments = []
        self.generation_start = START_MS

    def redeploy(self, ts_ms):
        """A new version was published: every later invocation starts cold."""
        self.environments = []
        self.generation_start = ts_ms

    def _acquire(self, ts_ms):
        # Reclaim environments that have been idle for too long.
        self.environments = [
            env for env in self.environments
            if ts_ms - env["last_used"] < self.idle_reap_ms and ts_ms < env["retire_at"]
        ]
        free = [env for env in self.environments if env["busy_until"] <= ts_ms]
        if free:
            # Lambda tends to reuse the most recently used environment.
            return max(free, key=lambda env: env["last_used"]), False
        env = {
            "stream": to_datetime(ts_ms).strftime("%Y/%m/%d/") + "[$LATEST]" + hex_id(self.rng, 32),
            "busy_until": ts_ms,
            "last_used": ts_ms,
            "memory_used": self.base_memory_used + self.rng.randint(-4, 6),
            # Even busy environments are recycled after a few hours.
            "retire_at": ts_ms + self.rng.randint(2 * HOUR_MS, 6 * HOUR_MS),
        }
        self.environments.append(env)
        return env, True

    def invoke(self, sink, ts_ms, handler, timeout_s):
        """Run one invocation and emit START, the handler's lines, END and REPORT.

        `handler(start_ms, request_id, cold)` returns `(lines, duration_ms)`
        where `lines` is a list of `(ts_ms, message)`. A duration at or above
        the timeout produces Lambda's `Task timed out` line.
        """
        env, cold = self._acquire(ts_ms)
        init_ms = self.rng.uniform(*self.init_ms) if cold else 0.0
        start = ts_ms + int(init_ms)
        request_id = fake_uuid(self.rng)
        stream = env["stream"]

        sink.add(start, self.group, stream, f"START RequestId: {request_id} Version: $LATEST")
        lines, duration = handler(start, request_id, cold)
        timeout_ms = timeout_s * 1000
        timed_out = duration >= timeout_ms
        if timed_out:
            duration = float(timeout_ms)
            lines = [(t, m) for t, m in lines if t < start + timeout_ms]
        for t, message in lines:
            sink.add(t, self.group, stream, message)

        end = start + int(math.ceil(duration))
        env["memory_used"] = min(self.base_memory_used + 40, env["memory_used"] + self.rng.choice([0, 0, 0, 0, 0, 1]))
        report = (
            f"REPORT RequestId: {request_id}\tDuration: {duration:.2f} ms\t"
            f"Billed Duration: {int(math.ceil(duration))} ms\tMemory Size: {self.memory_mb} MB\t"
            f"Max Memory Used: {env['memory_used']} MB\t"
        )
        if cold:
            report += f"Init Duration: {init_ms:.2f} ms\t"
        sink.add(end, self.group, stream, f"END RequestId: {request_id}")
        sink.add(end, self.group, stream, report)
        if timed_out:
            sink.add(end, self.group, stream, f"{iso_ms(end)} {request_id} Task timed out after {timeout_s:.2f} seconds")
            # The runtime is restarted after a timeout, so the next invocation is cold.
            self.environments.remove(env)
            return
        env["busy_until"] = end
        env["last_used"] = end


# ---------------------------------------------------------------------------
# /aws/lambda/checkout-api
# ---------------------------------------------------------------------------

PROMO_CODES = ["SPRING26", "WELCOME10", "FREESHIP", "VIP20"]


def gen_checkout_api(sink):
    """Checkout API behind API Gateway: many short invocations.

    The platform lines (START/END/REPORT) are three of every five lines here,
    which is the classic "noise you pay to ingest" pattern. The function mixes
    the Node.js console text format with a newer JSON logger, as code bases in
    the middle of a migration do. Errors only come from the payment provider
    incident plus a couple of stray ones.
    """
    group = "/aws/lambda/checkout-api"
    rng = rng_for(group)
    fn = LambdaFunction(rng, group, memory_mb=512, base_memory_used=84, init_ms=(180.0, 420.0))

    def text(ts, rid, level, msg):
        return ts, f"{iso_ms(ts)}\t{rid}\t{level}\t{msg}"

    def jlog(ts, level, msg, rid, **fields):
        record = {"level": level, "ts": iso_ms(ts), "msg": msg}
        record.update(fields)
        record["request_id"] = rid
        return ts, json_line(record)

    stray_errors = set(rng.sample(range(900), 2))
    counter = {"n": 0}

    def handler(start, rid, cold):
        n = counter["n"]
        counter["n"] += 1
        lines = []
        t = start + rng.randint(1, 3)
        if cold:
            lines.append(jlog(t, "debug", "feature flags loaded", rid, flags=14, source="appconfig"))
            t += rng.randint(20, 60)
            lines.append(text(t, rid, "INFO", "DynamoDB client initialised for table carts-prod"))
            t += rng.randint(1, 5)
        mix = [30, 55, 10, 5] if in_incident(start) else [50, 28, 16, 6]
        kind = rng.choices(["cart", "checkout", "view", "promo"], weights=mix)[0]
        cart_id = f"c_{rng.randint(100, 99999)}"

        if n in stray_errors:
            t += rng.randint(5, 40)
            lines.append(text(t, rid, "ERROR", f"Unhandled rejection: TypeError: Cannot read properties of undefined (reading 'sku') at priceLine (/var/task/cart.js:88:31)"))
            return lines, (t - start) + rng.uniform(0.5, 3.0)

        if kind == "cart":
            t += rng.randint(4, 30)
            lines.append(jlog(t, "info", "cart updated", rid, cart_id=cart_id, items=rng.randint(1, 9)))
        elif kind == "view":
            t += rng.randint(2, 15)
            lines.append(jlog(t, "debug", "cart loaded", rid, cart_id=cart_id, cache="hit" if rng.random() < 0.8 else "miss"))
        elif kind == "promo":
            t += rng.randint(3, 20)
            code = rng.choice(PROMO_CODES)
            if rng.random() < 0.3:
                lines.append(text(t, rid, "WARN", f"Promo code {code} rejected for cart {cart_id}: expired"))
            else:
                lines.append(text(t, rid, "INFO", f"Applied promo code {code} to cart {cart_id}"))
        else:
            order_id = f"ord_{hex_id(rng, 8)}"
            t += rng.randint(3, 12)
            lines.append(jlog(t, "info", "checkout started", rid, cart_id=cart_id, total_cents=rng.randint(899, 45999)))
            if in_incident(t) and rng.random() < 0.4:
                t += 5000 + rng.randint(0, 30)
                lines.append(text(t, rid, "ERROR", "Payment provider request failed: ETIMEDOUT after 5000 ms"))
                lines.append(jlog(t + 1, "error", "checkout failed", rid, cart_id=cart_id, reason="payment_timeout", status=502))
                return lines, (t + 1 - start) + rng.uniform(0.3, 2.0)
            provider_ms = rng.randint(180, 900)
            if in_incident(t):
                provider_ms = rng.randint(2100, 4800)
            if provider_ms > 2000:
                lines.append(text(t + provider_ms, rid, "WARN", f"Payment provider slow response: {provider_ms} ms"))
            t += provider_ms
            persist_ms = rng.randint(18, 70)
            t += persist_ms
            lines.append(text(t, rid, "INFO", f"Order {order_id} persisted in {persist_ms} ms"))
        return lines, (t - start) + rng.uniform(0.5, 4.0)

    # Requests cluster during the incident because clients retry.
    for ts in sorted(arrival_times(rng, 1000) + incident_retries(rng, 14)):
        if fn.generation_start < DEPLOY_MS <= ts:
            fn.redeploy(DEPLOY_MS)
        fn.invoke(sink, ts, handler, timeout_s=10)


# ---------------------------------------------------------------------------
# /ecs/orders-service
# ---------------------------------------------------------------------------

ORDERS_STACK_TIMEOUT = (
    "java.net.SocketTimeoutException: Read timed out\n"
    "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n"
    "\tat com.example.orders.payment.PaymentClient.charge(PaymentClient.java:142)\n"
    "\tat com.example.orders.payment.PaymentService.authorize(PaymentService.java:77)\n"
    "\tat com.example.orders.api.OrderController.create(OrderController.java:58)"
)

ORDERS_STACK_NPE = (
    "java.lang.NullPointerException: Cannot invoke \"com.example.orders.promo.Promo.getPercent()\" because \"promo\" is null\n"
    "\tat com.example.orders.promo.PromoService.apply(PromoService.java:64)\n"
    "\tat com.example.orders.api.OrderController.create(OrderController.java:51)"
)

ORDERS_STACK_JDBC = (
    "org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection\n"
    "\tat org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)\n"
    "\tat com.example.orders.repo.OrderRepository.save(OrderRepository.java:39)\n"
    "Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms."
)


def gen_orders_service(sink):
    """Orders service on ECS Fargate, logging JSON through logback.

    Three tasks run before the 09:30 deployment and three new ones after it,
    each in its own log stream. Per-request debug lines and periodic Hikari
    pool statistics are the bulk; payment declines are routine business
    events (warn), retries spike during the incident, and only a handful of
    lines are genuine errors with a stack trace folded into one JSON string.
    """
    group = "/ecs/orders-service"
    rng = rng_for(group)

    def new_task():
        return {"stream": "ecs/orders/" + hex_id(rng, 32)}

    old_tasks = [new_task() for _ in range(3)]
    new_tasks = [new_task() for _ in range(3)]

    def log(ts, task, level, logger, msg, **fields):
        record = {"level": level, "ts": iso_ms(ts), "logger": logger, "msg": msg}
        record.update(fields)
        sink.add(ts, group, task["stream"], json_line(record))

    def tasks_at(ts):
        return old_tasks if ts < DEPLOY_MS else new_tasks

    # Deployment: old tasks drain, new tasks boot.
    for i, task in enumerate(new_tasks):
        t = DEPLOY_MS - 2 * MINUTE_MS + i * 20_000 + rng.randint(0, 3000)
        log(t, task, "info", "c.e.orders.OrdersApplication", "Starting OrdersApplication v1.43.0 using Java 21.0.2")
        t += rng.randint(2500, 4000)
        log(t, task, "info", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''")
        t += rng.randint(300, 900)
        log(t, task, "info", "c.e.orders.OrdersApplication", f"Started OrdersApplication in {rng.uniform(8.0, 11.5):.3f} seconds (process running for {rng.uniform(11.6, 13.0):.3f})")
    for i, task in enumerate(old_tasks):
        t = DEPLOY_MS + i * 20_000 + rng.randint(0, 2000)
        log(t, task, "info", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete")
        log(t + rng.randint(400, 1500), task, "info", "o.s.b.w.embedded.tomcat.GracefulShutdown", "Graceful shutdown complete")

    # Periodic connection pool housekeeping: pure noise, one line per task every 5 minutes.
    for ts in jittered_ticks(rng, 5 * MINUTE_MS, 200):
        for task in tasks_at(ts):
            active = rng.choice([0, 0, 1, 1, 2, 3]) if diurnal_weight(ts) > 0.5 else rng.choice([0, 0, 0, 1])
            log(ts + rng.randint(0, 400), task, "debug", "com.zaxxer.hikari.pool.HikariPool",
                f"HikariPool-1 - Pool stats (total=10, active={active}, idle={10 - active}, waiting=0)")

    # Order lookups: one debug line each.
    for ts in arrival_times(rng, 560):
        task = rng.choice(tasks_at(ts))
        order_id = f"ord_{hex_id(rng, 8)}"
        if rng.random() < 0.85:
            log(ts, task, "debug", "c.e.orders.cache.OrderCache", "order cache hit", order_id=order_id, trace_id=hex_id(rng, 32))
        else:
            log(ts, task, "debug", "c.e.orders.cache.OrderCache", "order cache miss, loading from database", order_id=order_id,
                latency_ms=rng.randint(2, 25), trace_id=hex_id(rng, 32))

    # Order creation: a handful of lines per order, with the interesting events.
    # A few unrelated bugs surface during the day, independent of the incident.
    order_times = arrival_times(rng, 460)
    npe_at = set(rng.sample(range(len(order_times)), 3))
    jdbc_at = set(rng.sample(range(len(order_times)), 2))
    for idx, ts in enumerate(order_times):
        task = rng.choice(tasks_at(ts))
        order_id = f"ord_{hex_id(rng, 8)}"
        user_id = f"u_{rng.randint(10000, 99999)}"
        trace_id = hex_id(rng, 32)
        ids = {"order_id": order_id, "user_id": user_id, "trace_id": trace_id}
        t = ts
        log(t, task, "debug", "c.e.orders.api.OrderController", "validating order request", items=rng.randint(1, 6), **ids)
        t += rng.randint(1, 6)
        log(t, task, "info", "c.e.orders.api.OrderController", "order received", **ids)

        if idx in npe_at:
            log(t + rng.randint(1, 5), task, "error", "c.e.orders.api.ErrorHandler",
                "Unhandled exception processing POST /orders", error=ORDERS_STACK_NPE, **ids)
            continue
        if idx in jdbc_at:
            t += 30000 + rng.randint(0, 20)
            log(t, task, "error", "c.e.orders.api.ErrorHandler",
                "Unhandled exception processing POST /orders", error=ORDERS_STACK_JDBC, latency_ms=t - ts, **ids)
            continue

        # Payment: retries are rare normally and common during the incident.
        retry_p = 0.75 if in_incident(t) else 0.02
        attempt = 1
        failed = False
        while rng.random() < retry_p:
            t += rng.randint(1500, 5000) if in_incident(t) else rng.randint(200, 900)
            log(t, task, "warn", "c.e.orders.payment.PaymentClient", "payment provider call failed, retrying",
                attempt=attempt, error="Read timed out", **ids)
            attempt += 1
            if attempt > 3:
                failed = True
                break
        if failed:
            t += rng.randint(3000, 5000)
            log(t, task, "error", "c.e.orders.payment.PaymentService", "Payment provider request failed after 3 attempts",
                latency_ms=t - ts, error=ORDERS_STACK_TIMEOUT, **ids)
            continue

        pay_ms = rng.randint(2000, 4500) if in_incident(t) else rng.randint(150, 700)
        t += pay_ms
        outcome = rng.choices(["ok", "funds", "declined", "expired"], weights=[94, 3, 2, 1])[0]
        if outcome == "funds":
            log(t, task, "warn", "c.e.orders.payment.PaymentService", "Payment declined: insufficient funds", latency_ms=pay_ms, **ids)
            continue
        if outcome == "declined":
            log(t, task, "warn", "c.e.orders.payment.PaymentService", "Payment declined: card declined", latency_ms=pay_ms, **ids)
            continue
        if outcome == "expired":
            log(t, task, "warn", "c.e.orders.payment.PaymentService", "Payment declined: expired card", latency_ms=pay_ms, **ids)
            continue
        log(t, task, "info", "c.e.orders.payment.PaymentService", "payment authorized", latency_ms=pay_ms, **ids)
        t += rng.randint(8, 40)
        log(t, task, "info", "c.e.orders.api.OrderController", "order created", latency_ms=t - ts, **ids)
        if rng.random() < 0.6:
            log(t + rng.randint(1, 15), task, "debug", "c.e.orders.events.OrderEventPublisher", "published OrderCreated event",
                topic="orders.events", partition=rng.randint(0, 5), **ids)


# ---------------------------------------------------------------------------
# /ecs/web-frontend
# ---------------------------------------------------------------------------

BROWSER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Mobile Safari/537.36",
]
BOT_AGENT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
SCANNER_AGENTS = ["python-requests/2.31.0", "curl/8.5.0", "Go-http-client/1.1"]
SCANNER_PATHS = ["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/index.php", "/actuator/env", "/cgi-bin/luci"]
ASSET_HASH = {"js": "3f9a1c7e", "css": "b41d09aa"}


def documentation_ip(rng):
    """A client address from the RFC 5737 documentation ranges (never a real user)."""
    prefix = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
    return f"{prefix}.{rng.randint(1, 254)}"


def gen_web_frontend(sink):
    """nginx in front of the shop, on ECS behind an Application Load Balancer.

    Every ALB node health-checks every task, so `GET /health` from
    ELB-HealthChecker/2.0 is by far the most frequent line in the whole data
    set. Real traffic is pages, static assets and API calls with numeric ids
    in the path, plus bots, vulnerability scanners probing for well-known
    files, and a few 502/504s during the payment incident.
    """
    group = "/ecs/web-frontend"
    rng = rng_for(group)
    streams = ["ecs/nginx/" + hex_id(rng, 32) for _ in range(2)]
    alb_nodes = ["10.0.0.14", "10.0.1.201"]

    def access(ts, stream, ip, method, path, status, size, referer, agent, request_time):
        sink.add(ts, group, stream,
                 f'{ip} - - [{nginx_time(ts)}] "{method} {path} HTTP/1.1" {status} {size} "{referer}" "{agent}" {request_time:.3f}')

    # Health checks: each ALB node checks each task every 60 seconds.
    for stream in streams:
        for node in alb_nodes:
            for ts in jittered_ticks(rng, 60_000, 900):
                access(ts, stream, node, "GET", "/health", 200, 2, "-", "ELB-HealthChecker/2.0", 0.0)

    # A stable population of visitors, each with one browser.
    visitors = [(documentation_ip(rng), rng.choice(BROWSER_AGENTS)) for _ in range(260)]
    site = "https://shop.example.com"

    retries = set(incident_retries(rng, 16))
    for ts in sorted(arrival_times(rng, 2000) + list(retries)):
        stream = rng.choice(streams)
        ip, agent = rng.choice(visitors)
        kind = "create" if ts in retries else rng.choices(
            ["page", "asset", "products", "product", "order", "create", "cart", "favicon"],
            weights=[14, 18, 16, 18, 10, 6, 14, 4],
        )[0]
        rt = rng.uniform(0.002, 0.060)
        if kind == "page":
            path = rng.choice(["/", "/products", "/cart", "/account/orders", "/checkout"])
            access(ts, stream, ip, "GET", path, 200, rng.randint(5200, 9800), site + "/" if path != "/" else "-", agent, rt)
        elif kind == "asset":
            ext = rng.choice(["js", "css"])
            status = 304 if rng.random() < 0.55 else 200
            size = 0 if status == 304 else (184_233 if ext == "js" else 22_871)
            access(ts, stream, ip, "GET", f"/static/{ext}/main.{ASSET_HASH[ext]}.{ext}", status, size, site + "/", agent, rt / 4)
        elif kind == "favicon":
            access(ts, stream, ip, "GET", "/favicon.ico", 304 if rng.random() < 0.7 else 200, 0, site + "/", agent, 0.0)
        elif kind == "products":
            access(ts, stream, ip, "GET", f"/api/products?page={rng.randint(1, 12)}&limit=24", 200, rng.randint(8000, 15000),
                   site + "/products", agent, rt)
        elif kind == "product":
            pid = rng.randint(1000, 4999)
            status = 404 if rng.random() < 0.02 else 200
            access(ts, stream, ip, "GET", f"/api/products/{pid}", status, 64 if status == 404 else rng.randint(900, 2600),
                   site + "/products", agent, rt)
        elif kind == "order":
            oid = rng.randint(10000, 99999)
            status = rng.choices([200, 404, 401], weights=[94, 3, 3])[0]
            access(ts, stream, ip, "GET", f"/api/orders/{oid}", status, rng.randint(600, 1800) if status == 200 else 48,
                   site + "/account/orders", agent, rt)
        elif kind == "cart":
            cid = rng.randint(100, 99999)
            method = rng.choice(["GET", "PUT", "PUT"])
            status = 499 if rng.random() < 0.01 else 200
            access(ts, stream, ip, method, f"/api/cart/{cid}", status, 0 if status == 499 else rng.randint(300, 1400),
                   site + "/cart", agent, rt)
        else:
            if in_incident(ts) and rng.random() < 0.4:
                status = rng.choice([502, 504])
                # nginx's own error pages: fixed sizes, upstream gave up or timed out.
                size = 157 if status == 502 else 167
                rt = 5.0 + rng.uniform(0.0, 0.02) if status == 502 else 30.0 + rng.uniform(0.0, 0.01)
            else:
                status = rng.choices([201, 402, 422], weights=[92, 5, 3])[0]
                size = rng.randint(150, 700)
                rt = rng.uniform(0.3, 1.2)
            access(ts, stream, ip, "POST", "/api/orders", status, size, site + "/checkout", agent, rt)

    # Crawlers and scanners.
    for ts in arrival_times(rng, 60, weight=lambda _ts: 1.0):
        stream = rng.choice(streams)
        if rng.random() < 0.5:
            path = rng.choice(["/robots.txt", "/sitemap.xml", "/products", f"/api/products/{rng.randint(1000, 4999)}"])
            access(ts, stream, f"198.51.100.{rng.randint(1, 30)}", "GET", path, 200, rng.randint(200, 9000), "-", BOT_AGENT,
                   rng.uniform(0.002, 0.030))
        else:
            access(ts, stream, documentation_ip(rng), "GET", rng.choice(SCANNER_PATHS), 404, 153, "-",
                   rng.choice(SCANNER_AGENTS), 0.0)


# ---------------------------------------------------------------------------
# /aws/rds/instance/orders-db/postgresql
# ---------------------------------------------------------------------------

ORDERS_APP_HOSTS_BEFORE = ["10.0.3.17", "10.0.3.42", "10.0.4.8"]
ORDERS_APP_HOSTS_AFTER = ["10.0.3.61", "10.0.4.23", "10.0.4.90"]
WORKER_HOSTS = ["10.0.5.12", "10.0.5.77", "10.0.5.140"]


def gen_orders_db(sink):
    """RDS PostgreSQL with the default RDS log_line_prefix `%t:%r:%u@%d:[%p]:`.

    Checkpoints every five minutes and sampled statement durations make up
    most of the volume. Connection lines come from the report worker (one
    connection per Lambda invocation) and from the orders service pools
    being recycled. A few deadlocks, idempotency-key conflicts and one
    failed login are the errors worth seeing.
    """
    group = "/aws/rds/instance/orders-db/postgresql"
    rng = rng_for(group)
    stream = "orders-db.0"
    checkpointer_pid = 417
    autovac_pid_base = 28000

    def line(ts, host, port, user, db, pid, level, text):
        remote = f"{host}({port})" if host else ""
        sink.add(ts, group, stream, f"{pg_time(ts)}:{remote}:{user}@{db}:[{pid}]:{level}:  {text}")

    def background(ts, pid, level, text):
        line(ts, None, None, "", "", pid, level, text)

    # Checkpoints (checkpoint_timeout = 5min).
    for ts in jittered_ticks(rng, 5 * MINUTE_MS, 30):
        background(ts, checkpointer_pid, "LOG", "checkpoint starting: time")
        buffers = int(rng.randint(40, 900) * diurnal_weight(ts)) + rng.randint(1, 20)
        write_s = rng.uniform(3.0, 28.0)
        done = ts + int(write_s * 1000) + rng.randint(5, 60)
        background(done, checkpointer_pid, "LOG",
                   f"checkpoint complete: wrote {buffers} buffers ({buffers / 163.84:.1f}%); 0 WAL file(s) added, "
                   f"0 removed, {rng.randint(0, 2)} recycled; write={write_s:.3f} s, sync={rng.uniform(0.001, 0.02):.3f} s, "
                   f"total={write_s + rng.uniform(0.01, 0.05):.3f} s; sync files={rng.randint(8, 40)}, "
                   f"longest={rng.uniform(0.001, 0.009):.3f} s, average={rng.uniform(0.0005, 0.002):.3f} s; "
                   f"distance={buffers * 8} kB, estimate={buffers * 8 + rng.randint(100, 2000)} kB")

    def new_pid(ts):
        """Backend pids grow through the day, as they do on a busy Linux host."""
        return 20000 + (ts - START_MS) * 30000 // DAY_MS + rng.randint(0, 40)

    def connection(ts, host, user, session_s):
        port = rng.randint(32768, 60999)
        app_pid = new_pid(ts)
        line(ts, host, port, "[unknown]", "[unknown]", app_pid, "LOG", f"connection received: host={host} port={port}")
        line(ts + rng.randint(3, 12), host, port, user, "orders", app_pid, "LOG",
             f"connection authorized: user={user} database=orders SSL enabled (protocol=TLSv1.3, "
             f"cipher=TLS_AES_256_GCM_SHA384, bits=256)")
        end = ts + int(session_s * 1000)
        if host in ORDERS_APP_HOSTS_BEFORE and ts < DEPLOY_MS:
            # The old tasks close their pools when they shut down at the deployment.
            end = min(end, DEPLOY_MS + rng.randint(20_000, 70_000))
            session_s = (end - ts) / 1000
        hours, rest = divmod(session_s, 3600)
        minutes, seconds = divmod(rest, 60)
        line(end, host, port, user, "orders", app_pid, "LOG",
             f"disconnection: session time: {int(hours)}:{int(minutes):02d}:{seconds:06.3f} user={user} "
             f"database=orders host={host} port={port}")
        return port

    # The report worker opens one connection per invocation (every 10 minutes).
    for ts in report_worker_schedule():
        connection(ts + rng.randint(200, 900), rng.choice(WORKER_HOSTS), "reporting", rng.uniform(1.5, 28.0))

    # Orders service pools: maxLifetime recycling plus the deployment.
    for ts in arrival_times(rng, 70):
        hosts = ORDERS_APP_HOSTS_BEFORE if ts < DEPLOY_MS else ORDERS_APP_HOSTS_AFTER
        connection(ts, rng.choice(hosts), "app", rng.uniform(600.0, 1800.0))
    for host in ORDERS_APP_HOSTS_AFTER:
        for _ in range(4):
            connection(DEPLOY_MS - 90_000 + rng.randint(0, 60_000), host, "app", rng.uniform(900.0, 1800.0))

    # Sampled statement durations.
    statements = [
        (30, lambda: f"SELECT id, status, total_cents, updated_at FROM orders WHERE id = {rng.randint(10000, 99999)}", (0.05, 1.5)),
        (18, lambda: f"SELECT sku, quantity, price_cents FROM order_items WHERE order_id = {rng.randint(10000, 99999)}", (0.08, 2.0)),
        (14, lambda: f"UPDATE inventory SET reserved = reserved + {rng.randint(1, 4)} WHERE sku = 'SKU-{rng.randint(1000, 4999)}'", (0.2, 6.0)),
        (12, lambda: "INSERT INTO orders (user_id, status, total_cents, idempotency_key) VALUES ($1, $2, $3, $4) RETURNING id", (0.3, 4.0)),
        (10, lambda: f"INSERT INTO order_events (order_id, type, payload) VALUES ({rng.randint(10000, 99999)}, 'created', $1)", (0.1, 2.5)),
        (8, lambda: "SELECT 1", (0.01, 0.05)),
        (5, lambda: f"SELECT date_trunc('hour', created_at) AS h, count(*), sum(total_cents) FROM orders WHERE created_at >= now() - interval '{rng.choice([1, 6, 24])} hours' GROUP BY 1 ORDER BY 1", (180.0, 4800.0)),
        (3, lambda: "SELECT o.id, o.total_cents, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'pending' AND o.created_at < now() - interval '30 minutes'", (40.0, 900.0)),
    ]
    weights = [w for w, _, _ in statements]
    for ts in arrival_times(rng, 1000):
        _, sql, (lo, hi) = rng.choices(statements, weights=weights)[0]
        hosts = ORDERS_APP_HOSTS_BEFORE if ts < DEPLOY_MS else ORDERS_APP_HOSTS_AFTER
        is_report = lo >= 40.0
        host = rng.choice(WORKER_HOSTS if is_report else hosts)
        user = "reporting" if is_report else "app"
        duration = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        text = sql()
        if "$1" in text:
            line(ts, host, rng.randint(32768, 60999), user, "orders", new_pid(ts), "LOG",
                 f"duration: {duration:.3f} ms  execute <unnamed>: {text}")
        else:
            line(ts, host, rng.randint(32768, 60999), user, "orders", new_pid(ts), "LOG",
                 f"duration: {duration:.3f} ms  statement: {text}")

    # Autovacuum / autoanalyze.
    tables = ["orders", "order_items", "order_events", "inventory", "carts"]
    for ts in arrival_times(rng, 46):
        table = rng.choice(tables)
        pid = autovac_pid_base + rng.randint(0, 9999)
        if rng.random() < 0.5:
            background(ts, pid, "LOG",
                       f'automatic vacuum of table "orders.public.{table}": index scans: {rng.randint(0, 1)} '
                       f"pages: 0 removed, {rng.randint(200, 9000)} remain, {rng.randint(0, 40)} skipped due to pins, "
                       f"0 skipped frozen tuples: {rng.randint(100, 5000)} removed, {rng.randint(10000, 900000)} remain")
        else:
            background(ts, pid, "LOG",
                       f'automatic analyze of table "orders.public.{table}" system usage: CPU: user: '
                       f"{rng.uniform(0.01, 0.2):.2f} s, system: {rng.uniform(0.0, 0.02):.2f} s, elapsed: {rng.uniform(0.05, 0.9):.2f} s")

    # Lambda environments frozen mid-connection.
    for ts in arrival_times(rng, 9, weight=lambda _ts: 1.0):
        host = rng.choice(WORKER_HOSTS)
        line(ts, host, rng.randint(32768, 60999), "reporting", "orders", new_pid(ts), "LOG",
             "could not receive data from client: Connection reset by peer")

    # Deadlocks around inventory reservation at peak traffic.
    for ts in arrival_times(rng, 3, weight=lambda t: diurnal_weight(t) ** 4):
        host = rng.choice(ORDERS_APP_HOSTS_AFTER if ts >= DEPLOY_MS else ORDERS_APP_HOSTS_BEFORE)
        port = rng.randint(32768, 60999)
        pid, other = new_pid(ts), new_pid(ts)
        xid = rng.randint(8_000_000, 9_000_000)
        sku = f"SKU-{rng.randint(1000, 4999)}"
        line(ts, host, port, "app", "orders", pid, "ERROR", "deadlock detected")
        line(ts, host, port, "app", "orders", pid, "DETAIL",
             f"Process {pid} waits for ShareLock on transaction {xid}; blocked by process {other}. "
             f"Process {other} waits for ShareLock on transaction {xid + 1}; blocked by process {pid}.")
        line(ts, host, port, "app", "orders", pid, "HINT", "See server log for query details.")
        line(ts, host, port, "app", "orders", pid, "CONTEXT",
             f'while updating tuple ({rng.randint(10, 400)},{rng.randint(1, 60)}) in relation "inventory"')
        line(ts, host, port, "app", "orders", pid, "STATEMENT",
             f"UPDATE inventory SET reserved = reserved + 1 WHERE sku = '{sku}'")

    # Client retries hitting the idempotency key (benign, but logged as ERROR).
    for ts in arrival_times(rng, 4):
        host = rng.choice(ORDERS_APP_HOSTS_AFTER if ts >= DEPLOY_MS else ORDERS_APP_HOSTS_BEFORE)
        port = rng.randint(32768, 60999)
        pid = new_pid(ts)
        key = fake_uuid(rng)
        line(ts, host, port, "app", "orders", pid, "ERROR",
             'duplicate key value violates unique constraint "orders_idempotency_key_key"')
        line(ts, host, port, "app", "orders", pid, "DETAIL", f"Key (idempotency_key)=({key}) already exists.")

    # Someone tried an old read-only credential.
    ts = START_MS + 11 * HOUR_MS + 7 * MINUTE_MS + rng.randint(0, 59_000)
    for attempt in range(2):
        t = ts + attempt * rng.randint(4000, 9000)
        port = rng.randint(32768, 60999)
        pid = new_pid(t)
        line(t, "10.0.8.33", port, "[unknown]", "[unknown]", pid, "LOG", f"connection received: host=10.0.8.33 port={port}")
        line(t + 4, "10.0.8.33", port, "readonly", "orders", pid, "FATAL", 'password authentication failed for user "readonly"')
        line(t + 4, "10.0.8.33", port, "readonly", "orders", pid, "DETAIL",
             'Connection matched pg_hba.conf line 13: "hostssl all all 0.0.0.0/0 md5"')


# ---------------------------------------------------------------------------
# vpc-flow-logs
# ---------------------------------------------------------------------------

ENIS = {
    "web": ("eni-0a1b2c3d4e5f67890", "10.0.1.5"),
    "orders": ("eni-0f9e8d7c6b5a43210", "10.0.2.9"),
    "db": ("eni-05c4b3a2918f7e6d5", "10.0.3.50"),
}
ALB_IPS = ["10.0.0.14", "10.0.1.201"]


def gen_vpc_flow_logs(sink):
    """Default-format (version 2) VPC flow log records for three interfaces.

    Records are aggregated per 60-second window like a flow log with a one
    minute aggregation interval. Most are accepted internal traffic (ALB to
    nginx, nginx to orders, orders to Postgres, egress over HTTPS); internet
    scanners knocking on SSH/RDP/Telnet ports produce the REJECT records, and
    an idle interface occasionally reports NODATA.
    """
    group = "vpc-flow-logs"
    rng = rng_for(group)

    def record(ts, eni, src, dst, sport, dport, proto, packets, nbytes, action):
        start_s = (ts // 60_000) * 60
        end_s = start_s + 60
        sink.add(start_s * 1000, group, f"{eni}-all",
                 f"2 {ACCOUNT_ID} {eni} {src} {dst} {sport} {dport} {proto} {packets} {nbytes} {start_s} {end_s} {action} OK")

    web_eni, web_ip = ENIS["web"]
    orders_eni, orders_ip = ENIS["orders"]
    db_eni, db_ip = ENIS["db"]

    for ts in arrival_times(rng, 1200):
        kind = rng.choices(["alb", "web-orders", "orders-db", "egress", "return"], weights=[34, 22, 22, 10, 12])[0]
        packets = rng.randint(4, 60)
        nbytes = packets * rng.randint(60, 1400)
        eph = rng.randint(32768, 60999)
        if kind == "alb":
            record(ts, web_eni, rng.choice(ALB_IPS), web_ip, eph, 80, 6, packets, nbytes, "ACCEPT")
        elif kind == "web-orders":
            record(ts, web_eni, web_ip, orders_ip, eph, 8080, 6, packets, nbytes, "ACCEPT")
        elif kind == "orders-db":
            record(ts, orders_eni, orders_ip, db_ip, eph, 5432, 6, packets, nbytes, "ACCEPT")
        elif kind == "egress":
            record(ts, orders_eni, orders_ip, documentation_ip(rng), eph, 443, 6, packets, nbytes, "ACCEPT")
        else:
            record(ts, db_eni, db_ip, orders_ip, 5432, eph, 6, packets, nbytes * 3, "ACCEPT")

    # Internet background radiation against the public-facing interface.
    for ts in arrival_times(rng, 110, weight=lambda _ts: 1.0):
        port, proto = rng.choice([(22, 6), (22, 6), (3389, 6), (23, 6), (445, 6), (5432, 6), (1433, 6), (123, 17)])
        record(ts, web_eni, documentation_ip(rng), web_ip, rng.randint(1024, 65535), port, proto,
               rng.randint(1, 3), rng.randint(40, 180), "REJECT")

    # The database interface is quiet at night: the occasional NODATA record.
    for ts in arrival_times(rng, 8, weight=lambda t: 1.0 - diurnal_weight(t)):
        start_s = (ts // 60_000) * 60
        sink.add(start_s * 1000, group, f"{db_eni}-all",
                 f"2 {ACCOUNT_ID} {db_eni} - - - - - - - {start_s} {start_s + 60} - NODATA")


# ---------------------------------------------------------------------------
# /aws/lambda/report-worker
# ---------------------------------------------------------------------------

def report_worker_schedule():
    """EventBridge rate(10 minutes) trigger times of the report worker.

    Shared by the worker itself and by the database generator, so the
    worker's Postgres connections line up with its invocations.
    """
    return jittered_ticks(rng_for("report-worker-schedule"), 10 * MINUTE_MS, 3000)


REPORTS = ["daily_sales", "hourly_orders", "inventory_snapshot", "refunds", "abandoned_carts"]


def gen_report_worker(sink):
    """A Go Lambda that builds CSV reports, writing logfmt to stdout.

    It runs every ten minutes from an EventBridge schedule, plus on-demand
    jobs during office hours. Most lines are progress chatter; slow queries
    and S3 retries are warnings; a handful of heavy reports at peak hit the
    30-second timeout, which Lambda reports with its own plain-text line.
    """
    group = "/aws/lambda/report-worker"
    rng = rng_for(group)
    fn = LambdaFunction(rng, group, memory_mb=1024, base_memory_used=61, init_ms=(80.0, 160.0), idle_reap_ms=25 * MINUTE_MS)

    def logfmt(ts, level, msg, **fields):
        parts = [f"time={iso_ms(ts)}", f"level={level}", f'msg="{msg}"']
        for key, value in fields.items():
            text = str(value)
            parts.append(f'{key}="{text}"' if " " in text or "=" in text else f"{key}={text}")
        return ts, " ".join(parts)

    job_seq = [9000]
    report_seq = [900]
    failures_left = [2]

    def make_handler(requested_by):
        def handler(start, rid, cold):
            job_seq[0] += 1
            report_seq[0] += 1
            job_id = f"j-{job_seq[0]}"
            report_id = f"r-{report_seq[0]}"
            report = rng.choice(REPORTS)
            lines = []
            t = start + rng.randint(1, 4)
            if cold:
                lines.append(logfmt(t, "debug", "config loaded", env="prod", db_host="orders-db.internal", pool_size=1))
                t += rng.randint(2, 8)
            lines.append(logfmt(t, "info", "job received", job_id=job_id, report=report, requested_by=requested_by))
            heavy = diurnal_weight(start) > 0.85 and rng.random() < 0.12
            rows = rng.randint(200, 4000) if not heavy else rng.randint(40000, 90000)
            pages = max(1, rows // 1000)
            for page in range(1, min(pages, 3) + 1):
                t += rng.randint(150, 900)
                lines.append(logfmt(t, "debug", "fetched page", job_id=job_id, page=page, rows=min(1000, rows)))
            query_s = rng.uniform(0.4, 4.5) if not heavy else rng.uniform(22.0, 40.0)
            if query_s > 10:
                lines.append(logfmt(t + 10_000, "warn", "query slow", job_id=job_id, elapsed="10.0s", threshold="10s"))
            t += int(query_s * 1000)
            if failures_left[0] > 0 and not heavy and rng.random() < 0.015:
                failures_left[0] -= 1
                lines.append(logfmt(t, "error", "report failed", job_id=job_id, report_id=report_id,
                                    err="pq: canceling statement due to statement timeout"))
                return lines, (t - start) + rng.uniform(1.0, 5.0)
            lines.append(logfmt(t, "info", "report generated", report_id=report_id, rows=rows, duration=f"{query_s:.1f}s"))
            if rng.random() < 0.04:
                t += rng.randint(2000, 5000)
                lines.append(logfmt(t, "warn", "s3 upload retry", report_id=report_id, attempt=2,
                                    err="RequestTimeout: Your socket connection to the server was not read from or written to within the timeout period."))
            t += rng.randint(60, 400)
            key = f"reports/2026/03/02/{report_id}.csv.gz"
            lines.append(logfmt(t, "info", "uploaded report", bucket="shop-reports-prod", key=key, bytes=rows * rng.randint(30, 48)))
            return lines, (t - start) + rng.uniform(1.0, 5.0)
        return handler

    scheduled = [(ts, "scheduler") for ts in report_worker_schedule()]

    def office_hours(ts):
        return 1.0 if 8 <= (ts - START_MS) / HOUR_MS < 18 else 0.0

    on_demand = [(ts, f"u_{rng.randint(10000, 99999)}") for ts in arrival_times(rng, 40, weight=office_hours)]
    for ts, who in sorted(scheduled + on_demand):
        fn.invoke(sink, ts, make_handler(who), timeout_s=30)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

GENERATORS = [
    gen_checkout_api,
    gen_orders_service,
    gen_web_frontend,
    gen_orders_db,
    gen_vpc_flow_logs,
    gen_report_worker,
]


def write_outputs(events):
    """Write events.jsonl and demo.log next to this script (LF line endings, UTF-8)."""
    jsonl_path = os.path.join(OUT_DIR, "events.jsonl")
    log_path = os.path.join(OUT_DIR, "demo.log")
    with open(jsonl_path, "w", encoding="utf-8", newline="\n") as jsonl, \
            open(log_path, "w", encoding="utf-8", newline="\n") as plain:
        for ts, _seq, group, stream, message in events:
            jsonl.write(json.dumps(
                {"timestamp": ts, "logGroup": group, "logStream": stream, "message": message},
                separators=(",", ":"),
            ))
            jsonl.write("\n")
            plain.write(message)
            plain.write("\n")
    return jsonl_path, log_path


# What each group of the made-up shop ingests in a day (bytes, as CloudWatch's IncomingBytes
# metric reports them), its log class and its retention (days, or "never" for a group left at
# CloudWatch's default): a mid-sized production system of about 100 GB a day, of which the
# demo's events are a sample. lognoise imports the demo with this as its sample description
# (sample.json), so volumes and costs scale up as for a real pull, storage included (the
# archived size is measured on the demo's events at import).
DAILY_STORED_BYTES = {
    "/ecs/web-frontend": (38_000_000_000, "STANDARD", 30),
    "/aws/lambda/checkout-api": (21_000_000_000, "STANDARD", 14),
    "/ecs/orders-service": (17_500_000_000, "STANDARD", 90),
    "vpc-flow-logs": (14_000_000_000, "INFREQUENT_ACCESS", 365),
    "/aws/rds/instance/orders-db/postgresql": (6_200_000_000, "STANDARD", "never"),
    "/aws/lambda/report-worker": (1_900_000_000, "STANDARD", "never"),
}

# Bytes Logs Insights queries scan a month in the groups the team queries (dashboards and
# on-call searches over the orders service and the checkout function), as a pull would read
# them from the query history; the other groups are not queried.
MONTHLY_INSIGHTS_SCANNED_BYTES = {
    "/ecs/orders-service": 1_600_000_000_000,
    "/aws/lambda/checkout-api": 900_000_000_000,
}


def group_description(g):
    """One group of sample.json: its stored bytes, class, retention and Insights scans."""
    stored, log_class, retention = DAILY_STORED_BYTES[g]
    group = {"name": g, "stored_bytes": stored, "log_class": log_class, "retention_days": retention}
    # The other groups are not queried: nothing scanned, which is known.
    group["insights_scanned_bytes_per_month"] = MONTHLY_INSIGHTS_SCANNED_BYTES.get(g, 0)
    return group


def write_sample_description(groups):
    """Write sample.json: the window of the demo's day and what each group stored in it."""
    path = os.path.join(OUT_DIR, "sample.json")
    description = {
        "window": {"start": iso(START_MS), "end": iso(START_MS + 86_400_000)},
        "basis": "the demo's made-up account: IncomingBytes of each log group over the day",
        "log_groups": [
            group_description(g)
            for g in sorted(groups)
        ],
    }
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        json.dump(description, out, indent=2)
        out.write("\n")
    return path


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    sink = EventSink()
    for generate in GENERATORS:
        generate(sink)
    events = sink.sorted_events()
    paths = write_outputs(events)
    paths = (*paths, write_sample_description({e[2] for e in events}))

    per_group = {}
    for _ts, _seq, group, _stream, _message in events:
        per_group[group] = per_group.get(group, 0) + 1
    for group, count in sorted(per_group.items(), key=lambda item: -item[1]):
        print(f"{count:7d}  {group}")
    print(f"{len(events):7d}  total")
    for path in paths:
        print(f"{os.path.getsize(path):>9,d} bytes  {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
