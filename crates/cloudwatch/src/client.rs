//! The connection to CloudWatch Logs: credentials and region from the standard AWS provider
//! chain, and one retry policy for every call.
//!
//! The SDK's own retries are switched off: throttling, server errors and dropped connections
//! are retried here, under one rate limiter shared by every request of the process, so that a
//! retry storm from the SDK cannot fight the limiter's back-off.

use crate::error::{classify, CallContext, Error, Failure, Result};
use crate::limiter::RateLimiter;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_cloudwatchlogs::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudwatchlogs::Client;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How to reach CloudWatch Logs and how hard to press it.
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// Profile of `~/.aws/config` (SSO, assume-role and credential_process profiles work);
    /// `None` follows AWS_PROFILE, then `default`.
    pub profile: Option<String>,
    /// Region; `None` follows AWS_REGION, then the profile.
    pub region: Option<String>,
    /// Endpoint instead of the region's (an emulator or a VPC endpoint).
    pub endpoint_url: Option<String>,
    /// Requests a second at most, all calls together (0: no limit).
    pub rate: f64,
    /// Tries of one request before giving up on throttling or server errors.
    pub max_attempts: u32,
    /// First back-off delay; it doubles with each try, with random jitter.
    pub backoff: Duration,
    /// Longest back-off delay.
    pub max_backoff: Duration,
    /// Time one try of a request may take.
    pub attempt_timeout: Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            profile: None,
            region: None,
            endpoint_url: None,
            rate: 5.0,
            max_attempts: 10,
            backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(20),
            attempt_timeout: Duration::from_secs(60),
        }
    }
}

/// Counters of the calls made, for progress and benchmarks.
#[derive(Debug, Default)]
pub(crate) struct CallStats {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub retried: AtomicU64,
}

/// A connection to CloudWatch Logs in one account and region.
///
/// Its methods block: it owns a small tokio runtime, so that the command line and the app's
/// worker threads can call it without one of their own. Do not call it from inside an async
/// task (use `spawn_blocking`).
#[derive(Debug)]
pub struct CloudWatch {
    pub(crate) client: Client,
    /// CloudWatch itself (alarms), through the same credentials, region and endpoint.
    pub(crate) metrics: aws_sdk_cloudwatch::Client,
    pub(crate) runtime: Arc<tokio::runtime::Runtime>,
    pub(crate) caller: Caller,
}

/// What every call needs: the limiter, the retry policy, where the calls go.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    limiter: Arc<RateLimiter>,
    pub stats: Arc<CallStats>,
    max_attempts: u32,
    backoff: Duration,
    max_backoff: Duration,
    pub region: String,
    pub endpoint: Option<String>,
    /// Abandons the call (in flight, waiting for the limiter or a retry) once set.
    cancel: Option<crate::Cancel>,
}

impl CloudWatch {
    /// Resolves credentials and region the way the AWS CLI does (environment, profiles with
    /// SSO and assume-role, container and instance metadata). Credentials stay in memory.
    pub fn connect(options: &ConnectOptions) -> Result<CloudWatch> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("lognoise-cloudwatch")
            .build()
            .map_err(|e| Error::Invalid(format!("cannot start the network runtime: {e}")))?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(10))
                    .operation_attempt_timeout(options.attempt_timeout)
                    .build(),
            );
        if let Some(p) = &options.profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = &options.region {
            loader = loader.region(Region::new(r.clone()));
        }
        if let Some(u) = &options.endpoint_url {
            loader = loader.endpoint_url(u);
        }
        let config = runtime.block_on(loader.load());
        let region = config
            .region()
            .map(|r| r.to_string())
            .ok_or(Error::NoRegion)?;
        Ok(CloudWatch {
            client: Client::new(&config),
            metrics: aws_sdk_cloudwatch::Client::new(&config),
            runtime: Arc::new(runtime),
            caller: Caller {
                limiter: Arc::new(RateLimiter::new(options.rate, 5)),
                stats: Arc::new(CallStats::default()),
                max_attempts: options.max_attempts.max(1),
                backoff: options.backoff,
                max_backoff: options.max_backoff,
                region,
                endpoint: options.endpoint_url.clone(),
                cancel: None,
            },
        })
    }

    /// The region the calls go to.
    pub fn region(&self) -> &str {
        &self.caller.region
    }

    /// A [`crate::Cancel`] set by the first Ctrl-C, so a pull stops cleanly and keeps what it
    /// pulled; a second Ctrl-C exits at once (status 130; the workspace stays as last committed).
    pub fn cancel_on_ctrl_c(&self) -> crate::Cancel {
        let cancel = crate::Cancel::new();
        let flag = cancel.clone();
        self.runtime.spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                flag.cancel();
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
        cancel
    }

    /// Requests sent so far (retries included) and how many were throttled.
    pub fn request_counts(&self) -> (u64, u64) {
        (
            self.caller.stats.requests.load(Ordering::Relaxed),
            self.caller.stats.throttled.load(Ordering::Relaxed),
        )
    }
}

impl Caller {
    /// The same caller, whose calls end with [`Error::Stopped`] as soon as `cancel` is set.
    pub(crate) fn with_cancel(&self, cancel: &crate::Cancel) -> Caller {
        Caller {
            cancel: Some(cancel.clone()),
            ..self.clone()
        }
    }

    pub(crate) fn context(&self, action: &'static str, group: Option<&str>) -> CallContext {
        CallContext {
            service: "logs",
            action,
            group: group.map(str::to_string),
            region: self.region.clone(),
            endpoint: self.endpoint.clone(),
            transient_attempts: None,
        }
    }

    /// Runs `op` under the rate limiter, retrying throttling (slowing the limiter down),
    /// server errors, timeouts and dropped connections with jittered exponential back-off.
    /// With a cancel flag, a stop ends the call at once, wherever it waits.
    pub(crate) async fn call<T, E, R, F, Fut>(&self, cx: &CallContext, op: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        match &self.cancel {
            None => self.call_with_retries(cx, op).await,
            Some(cancel) => {
                if cancel.is_cancelled() {
                    return Err(Error::Stopped);
                }
                tokio::select! {
                    result = self.call_with_retries(cx, op) => result,
                    () = cancel.cancelled() => Err(Error::Stopped),
                }
            }
        }
    }

    async fn call_with_retries<T, E, R, F, Fut>(&self, cx: &CallContext, mut op: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = std::result::Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            self.limiter.acquire().await;
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            let err = match op().await {
                Ok(v) => {
                    self.limiter.succeeded();
                    return Ok(v);
                }
                Err(e) => e,
            };
            match classify(&err, cx) {
                Failure::Fatal(e) => return Err(e),
                Failure::Throttled => {
                    self.limiter.throttled();
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    if attempt >= self.max_attempts {
                        return Err(Error::Throttled { attempts: attempt });
                    }
                }
                Failure::Transient(detail) => {
                    let budget = cx
                        .transient_attempts
                        .map_or(self.max_attempts, |n| n.clamp(1, self.max_attempts));
                    if attempt >= budget {
                        return Err(Error::KeptFailing {
                            attempts: attempt,
                            detail,
                        });
                    }
                }
            }
            self.stats.retried.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(self.backoff_for(attempt)).await;
        }
    }

    /// "Full jitter" back-off: a random delay up to `backoff * 2^(attempt-1)`, capped.
    fn backoff_for(&self, attempt: u32) -> Duration {
        let ceiling = self
            .backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_backoff);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let noise =
            xxhash_rust::xxh3::xxh3_64(&(u64::from(nanos) ^ u64::from(attempt)).to_le_bytes());
        let share = (noise % 1000) as f64 / 1000.0;
        ceiling.mul_f64(0.5 + share / 2.0)
    }
}
