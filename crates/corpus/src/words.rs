//! The dictionaries values are drawn from. Values never hold a double quote, so they can sit
//! inside JSON strings and quoted logfmt values unescaped.

/// Month abbreviations, as the common log format prints them.
pub const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// HTTP statuses with how often they occur.
pub const HTTP_STATUSES: &[(u32, u16)] = &[
    (700, 200),
    (60, 201),
    (40, 204),
    (20, 301),
    (30, 304),
    (25, 400),
    (15, 401),
    (12, 403),
    (40, 404),
    (8, 409),
    (10, 429),
    (15, 500),
    (8, 502),
    (10, 503),
    (5, 504),
];

/// Given names for e-mail addresses.
pub const FIRST_NAMES: &[&str] = &[
    "ana", "bruno", "chen", "dana", "emeka", "farah", "giulia", "hiro", "ines", "jonas", "kofi",
    "lena", "mateo", "nadia", "oscar", "priya", "quinn", "rosa", "sven", "tariq",
];

/// Family names for e-mail addresses.
pub const LAST_NAMES: &[&str] = &[
    "almeida", "berg", "costa", "dubois", "eriksen", "fischer", "garcia", "haddad", "ito",
    "jensen", "kowalski", "lopez", "moreau", "novak", "okafor", "petrov", "rossi", "silva",
    "tanaka", "weber",
];

/// Mail domains.
pub const MAIL_DOMAINS: &[&str] = &[
    "example.com",
    "mail.example.org",
    "corp.example.net",
    "shop.example.com",
    "example.io",
];

/// Prefixes of S3 keys.
pub const S3_PREFIXES: &[&str] = &[
    "exports/orders",
    "raw/events",
    "invoices",
    "thumbnails/large",
    "backups/db",
    "reports/daily",
];

/// Client user agents, from one word to many.
pub const USER_AGENTS: &[&str] = &[
    "curl/8.5.0",
    "Go-http-client/1.1",
    "python-requests/2.31.0",
    "okhttp/4.12.0",
    "ELB-HealthChecker/2.0",
    "kube-probe/1.29",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Amazon CloudFront",
    "Apache-HttpClient/4.5.14 (Java/17.0.10)",
];

/// Pages a referer names.
pub const PAGES: &[&str] = &[
    "",
    "cart",
    "checkout",
    "products/garden-chair",
    "search?q=lamp",
    "account/orders",
    "help",
];

/// Error reasons of one to nine words.
pub const REASONS: &[&str] = &[
    "timeout",
    "connection refused",
    "certificate has expired",
    "upstream returned an empty response",
    "broken pipe while writing the response body",
    "no healthy upstream",
    "rate limit exceeded for this account",
    "the security token included in the request is invalid",
    "quota of concurrent executions reached for the function in this region",
    "permission denied",
    "disk full",
    "unexpected end of JSON input",
    "maximum retry attempts exceeded",
];

/// Why a payment was declined, one to eight words.
pub const DECLINE_REASONS: &[&str] = &[
    "expired card",
    "insufficient funds",
    "suspected fraud detected by provider risk engine",
    "card reported stolen",
    "do not honor",
    "invalid CVC",
    "issuer unavailable, try again later",
    "amount exceeds the card limit for a single transaction",
    "declined",
];

/// Java exceptions with their messages.
pub const JAVA_EXCEPTIONS: &[&str] = &[
    "java.net.SocketTimeoutException: Read timed out",
    "java.lang.NullPointerException: Cannot invoke String.length() because value is null",
    "java.lang.IllegalStateException: Connection pool shut down",
    "org.springframework.dao.DataIntegrityViolationException: could not execute statement",
    "java.util.concurrent.TimeoutException",
    "java.io.IOException: Broken pipe",
    "com.fasterxml.jackson.core.JsonParseException: Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
    "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
];

/// Python exceptions with their messages.
pub const PY_EXCEPTIONS: &[&str] = &[
    "KeyError: 'customer_id'",
    "TimeoutError: timed out",
    "ValueError: invalid literal for int() with base 10: 'abc'",
    "botocore.exceptions.ClientError: An error occurred (ThrottlingException) when calling the PutItem operation: Rate exceeded",
    "ConnectionResetError: [Errno 104] Connection reset by peer",
    "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
];

/// E-mail subjects, several words.
pub const SUBJECTS: &[&str] = &[
    "Your order has shipped",
    "Password reset",
    "Welcome to the shop",
    "Invoice for April",
    "Action required: confirm your e-mail address",
    "Your weekly summary",
    "We could not process your payment",
    "Reminder: your subscription renews in three days",
];

/// Kubernetes namespaces.
pub const NAMESPACES: &[&str] = &[
    "shop-prod",
    "billing",
    "kube-system",
    "monitoring",
    "payments-staging",
    "default",
    "ingress",
];

/// Application names.
pub const APPS: &[&str] = &[
    "api",
    "worker",
    "checkout",
    "cart",
    "search",
    "coredns",
    "fluent-bit",
    "ledger",
    "notifier",
    "gateway",
    "inventory",
    "aws-node",
];

/// Container registries.
pub const REGISTRIES: &[&str] = &[
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    "public.ecr.aws/eks",
    "ghcr.io/example",
    "docker.io/library",
];

/// Nouns: single-word values.
pub const NOUNS: &[&str] = &[
    "lamp", "chair", "table", "garden", "kitchen", "sofa", "desk", "mirror", "rug", "shelf",
    "pillow", "curtain", "vase", "stool",
];

/// Kafka topics.
pub const TOPICS: &[&str] = &[
    "orders",
    "payments",
    "inventory-updates",
    "clickstream",
    "audit-log",
    "email-outbox",
    "price-changes",
    "shipments",
];

/// Kafka consumer groups.
pub const CONSUMER_GROUPS: &[&str] = &[
    "order-projector",
    "payment-ledger",
    "search-indexer",
    "email-sender",
    "fraud-scorer",
    "stock-reserver",
    "audit-archiver",
    "price-cache",
    "recommendation-trainer",
    "shipping-labeler",
];

/// Database users.
pub const DB_USERS: &[&str] = &[
    "app_user",
    "reporting",
    "migrator",
    "readonly",
    "billing_svc",
    "orders_rw",
    "analytics_ro",
    "etl_loader",
    "support_tool",
];

/// Database names.
pub const DB_NAMES: &[&str] = &[
    "orders",
    "billing",
    "catalog",
    "sessions",
    "analytics",
    "inventory",
    "accounts",
    "shipping",
    "audit",
];

/// Table names.
pub const TABLES: &[&str] = &[
    "public.orders",
    "public.order_items",
    "public.customers",
    "billing.invoices",
    "catalog.products",
    "public.sessions",
    "billing.payments",
    "catalog.prices",
    "public.addresses",
    "audit.events",
    "public.carts",
];

/// Key spaces of a cache.
pub const CACHE_SPACES: &[&str] = &["session", "cart", "product", "rate", "token"];

/// Queue names.
pub const QUEUES: &[&str] = &[
    "orders-to-ship",
    "email-outbox",
    "invoice-render",
    "image-resize",
    "webhook-delivery",
    "refunds",
    "search-reindex",
    "audit-export",
    "sms-outbox",
    "price-updates",
    "stock-sync",
    "report-builder",
];

/// Upstream services.
pub const UPSTREAMS: &[&str] = &[
    "inventory.shop.svc.cluster.local:8080",
    "payments.billing.svc.cluster.local:9090",
    "search.shop.svc.cluster.local:9200",
    "ledger.billing.svc.cluster.local:8080",
    "pricing.shop.svc.cluster.local:8080",
    "accounts.identity.svc.cluster.local:8443",
    "shipping.logistics.svc.cluster.local:8080",
    "tax.billing.svc.cluster.local:9000",
    "recommendations.shop.svc.cluster.local:8080",
];

/// Desktop programs.
pub const PROGRAMS: &[&str] = &[
    "chrome.exe",
    "firefox.exe",
    "outlook.exe",
    "Teams.exe",
    "slack.exe",
    "svchost.exe",
    "OneDrive.exe",
    "msedge.exe",
    "zoom.exe",
    "Code.exe",
    "Dropbox.exe",
    "spotify.exe",
];

/// Host names clients connect to.
pub const HOSTS: &[&str] = &[
    "proxy.corp.example.net",
    "api.shop.example.com",
    "login.example.org",
    "cdn.example.io",
    "mail.example.com",
    "files.example.net",
    "updates.example.org",
    "chat.example.io",
    "calendar.example.com",
    "telemetry.example.net",
];

/// Keys of query strings.
pub const QUERY_KEYS: &[&str] = &["name", "from", "to", "limit", "page", "q", "sort", "tenant"];
