//! The statement tables, one function per format set, grouped by where the logs come from.

mod apps;
mod aws;
mod kubernetes;
mod servers;

use crate::error::Result;
use crate::generate::FormatSet;

/// Every set of the corpus, in a fixed order.
pub fn all_sets() -> Result<Vec<FormatSet>> {
    Ok(vec![
        aws::lambda_plain()?,
        aws::lambda_powertools()?,
        aws::ecs_firelens()?,
        aws::alb_api_gateway()?,
        aws::vpc_flow_logs()?,
        kubernetes::eks_kubelet()?,
        kubernetes::eks_containerd()?,
        kubernetes::envoy_istio()?,
        apps::go_zap()?,
        apps::go_logfmt()?,
        apps::spring_boot()?,
        apps::log4j2_json()?,
        apps::python()?,
        apps::node_json()?,
        apps::dotnet_serilog()?,
        servers::nginx()?,
        servers::rds_postgres()?,
        servers::rds_mysql()?,
        servers::kafka()?,
        servers::desktop_headers()?,
    ])
}

/// One table row: a statement's weight and its text.
fn st(weight: u32, text: &str) -> (u32, String) {
    (weight, text.to_string())
}

/// HTTP routes a service serves, with their weights: requests split by method and route.
const ROUTES: &[(u32, &str, &str)] = &[
    (300, "GET", "/v2/orders/${order_id}"),
    (120, "POST", "/v2/orders"),
    (80, "GET", "/v2/products"),
    (40, "PUT", "/v2/carts/${user_id}/items"),
    (20, "DELETE", "/v2/carts/${user_id}/items/${order_id}"),
    (60, "GET", "/healthz"),
    (15, "PATCH", "/v2/customers/${user_id}"),
    (10, "GET", "/v2/search?${query}"),
    (6, "POST", "/v2/orders/${order_id}/refunds"),
];

/// One row per route: `row(method, path)` gives the statement text of a request.
fn route_rows(row: impl Fn(&str, &str) -> String) -> Vec<(u32, String)> {
    ROUTES
        .iter()
        .map(|(w, method, path)| (*w, row(method, path)))
        .collect()
}
