//! Errors of a pull, each one sentence that says what to do.
//!
//! SDK errors are sorted here into what the user can act on (credentials, region, log group,
//! permissions) and what the pull retries on its own ([`Failure::Throttled`],
//! [`Failure::Transient`]); see [`classify`].

use aws_sdk_cloudwatchlogs::error::{ProvideErrorMetadata, SdkError};
use std::error::Error as StdError;
use std::path::PathBuf;

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No credentials were found by the provider chain.
    #[error(
        "no AWS credentials found: run `aws configure` or `aws sso login`, set AWS_PROFILE or \
         AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile NAME"
    )]
    NoCredentials,
    /// The credentials were refused as expired or unknown.
    #[error(
        "AWS refused the credentials as expired or invalid ({code}): refresh them (for example \
         `aws sso login --profile NAME`) and run the command again"
    )]
    ExpiredCredentials {
        /// The AWS error code.
        code: String,
    },
    /// The credentials lack a permission.
    #[error(
        "AWS denied {action} ({message}): grant the read-only policy in the README's \"CloudWatch \
         Logs\" section to these credentials"
    )]
    AccessDenied {
        /// The API action refused.
        action: String,
        /// AWS's message.
        message: String,
    },
    /// The user stopped the pull; what arrived before is kept. Pulls end with a report, not
    /// this error: it only carries the stop out of the calls that were waiting.
    #[error("the pull was stopped before it finished: run the same command again to resume it")]
    Stopped,
    /// No region was configured.
    #[error("no AWS region set: pass --region (for example --region us-east-1) or set AWS_REGION")]
    NoRegion,
    /// The region has no endpoint that resolves.
    #[error(
        "region `{region}` has no CloudWatch Logs endpoint that can be reached (its name does not \
         resolve): check --region or AWS_REGION (for example us-east-1), or your network"
    )]
    UnknownRegion {
        /// The region asked for.
        region: String,
    },
    /// The endpoint could not be reached at all.
    #[error("cannot reach CloudWatch Logs at {endpoint} ({detail}): check --endpoint-url and your network")]
    Unreachable {
        /// The endpoint.
        endpoint: String,
        /// The last connection error.
        detail: String,
    },
    /// A log group does not exist in this account and region.
    #[error(
        "log group `{group}` does not exist in region {region}: `lognoise groups` lists the log \
         groups there (check --region and --profile)"
    )]
    MissingGroup {
        /// The log group.
        group: String,
        /// The region asked.
        region: String,
    },
    /// CloudWatch kept throttling after every back-off.
    #[error(
        "CloudWatch Logs kept throttling requests after {attempts} tries: run the same command \
         again later to resume, or lower --rate so other tools in the account keep their share"
    )]
    Throttled {
        /// Tries made for the last request.
        attempts: u32,
    },
    /// Server errors or dropped connections did not stop.
    #[error(
        "CloudWatch Logs kept failing ({detail}) after {attempts} tries: run the same command \
         again later; it resumes where it stopped"
    )]
    KeptFailing {
        /// Tries made for the last request.
        attempts: u32,
        /// The last failure.
        detail: String,
    },
    /// The request was refused for a reason the user must fix (a bad filter pattern, query).
    #[error("CloudWatch Logs refused the request: {message} ({code}); check --filter and the other flags")]
    Refused {
        /// The AWS error code.
        code: String,
        /// AWS's message.
        message: String,
    },
    /// The workspace could not be written.
    #[error(transparent)]
    Import(#[from] lognoise_index::Error),
    /// The workspace could not be written.
    #[error(transparent)]
    Workspace(#[from] lognoise_workspace::Error),
    /// The pull's resume file is damaged.
    #[error("{} is damaged ({message}): delete it to start the pull over", path.display())]
    DamagedState {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The arguments cannot make a pull.
    #[error("{0}")]
    Invalid(String),
}

/// `Result` of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// How a failed call is handled.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Throttled: slow down and try again.
    Throttled,
    /// A server error, a timeout or a dropped connection: try again.
    Transient(String),
    /// Retrying will not help.
    Fatal(Error),
}

/// Where a call was going, for the messages of [`Error`].
#[derive(Clone, Debug, Default)]
pub(crate) struct CallContext {
    /// The IAM service prefix of the action: `logs`, or `cloudwatch` for alarms.
    pub service: &'static str,
    pub action: &'static str,
    pub group: Option<String>,
    pub region: String,
    pub endpoint: Option<String>,
    /// Tries of a server error, timeout or dropped connection before giving up, when fewer than
    /// the caller's (throttling keeps the caller's: it is the limiter's to wait out).
    pub transient_attempts: Option<u32>,
}

/// Sorts an SDK error into what to do about it.
pub(crate) fn classify<E, R>(err: &SdkError<E, R>, cx: &CallContext) -> Failure
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    if has_source::<aws_credential_types::provider::error::CredentialsError>(err) {
        return Failure::Fatal(Error::NoCredentials);
    }
    match err {
        SdkError::ServiceError(service) => {
            let code = service.err().code().unwrap_or_default().to_string();
            let message = service.err().message().unwrap_or_default().to_string();
            classify_code(&code, &message, cx)
        }
        SdkError::TimeoutError(_) => Failure::Transient("the request timed out".into()),
        SdkError::ResponseError(_) => {
            Failure::Transient("the connection dropped while reading the response".into())
        }
        SdkError::DispatchFailure(d) => {
            let text = chain_text(err);
            if looks_like_dns_failure(&text) {
                return Failure::Fatal(match &cx.endpoint {
                    None => Error::UnknownRegion {
                        region: cx.region.clone(),
                    },
                    Some(endpoint) => Error::Unreachable {
                        endpoint: endpoint.clone(),
                        detail: "its host name does not resolve".into(),
                    },
                });
            }
            if d.is_io() || d.is_timeout() || d.is_other() {
                Failure::Transient(short(&text))
            } else {
                Failure::Fatal(Error::Refused {
                    code: "request".into(),
                    message: short(&text),
                })
            }
        }
        SdkError::ConstructionFailure(_) => {
            let text = chain_text(err);
            if text.contains("region") {
                Failure::Fatal(Error::NoRegion)
            } else {
                Failure::Fatal(Error::Refused {
                    code: "request".into(),
                    message: short(&text),
                })
            }
        }
        _ => Failure::Transient(short(&chain_text(err))),
    }
}

/// Sorts an AWS error code.
pub(crate) fn classify_code(code: &str, message: &str, cx: &CallContext) -> Failure {
    match code {
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "LimitExceededException" => Failure::Throttled,
        "ServiceUnavailableException"
        | "ServiceUnavailable"
        | "InternalFailure"
        | "InternalServerError"
        | "InternalError" => Failure::Transient(format!("{code}: {}", short(message))),
        "ResourceNotFoundException" => Failure::Fatal(match &cx.group {
            Some(group) => Error::MissingGroup {
                group: group.clone(),
                region: cx.region.clone(),
            },
            None => Error::Refused {
                code: code.into(),
                message: message.into(),
            },
        }),
        "ExpiredTokenException"
        | "ExpiredToken"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "MissingAuthenticationToken" => {
            Failure::Fatal(Error::ExpiredCredentials { code: code.into() })
        }
        "AccessDeniedException" | "AccessDenied" => Failure::Fatal(Error::AccessDenied {
            action: format!("{}:{}", cx.service, cx.action),
            message: short(message),
        }),
        "" => Failure::Transient(format!("an error with no code: {}", short(message))),
        _ => Failure::Fatal(Error::Refused {
            code: code.into(),
            message: short(message),
        }),
    }
}

fn has_source<T: StdError + 'static>(err: &(dyn StdError + 'static)) -> bool {
    let mut next: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = next {
        if e.is::<T>() {
            return true;
        }
        next = e.source();
    }
    false
}

fn chain_text(err: &(dyn StdError + 'static)) -> String {
    let mut parts = Vec::new();
    let mut next: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = next {
        parts.push(e.to_string());
        next = e.source();
    }
    parts.join(": ")
}

fn looks_like_dns_failure(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("dns error")
        || t.contains("failed to lookup address")
        || t.contains("name or service not known")
        || t.contains("no such host")
        || t.contains("temporary failure in name resolution")
}

/// The first 200 characters of a message, on one line.
fn short(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(200) {
        Some((i, _)) => format!("{}...", &one_line[..i]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn cx() -> CallContext {
        CallContext {
            service: "logs",
            action: "FilterLogEvents",
            group: Some("/ecs/web".into()),
            region: "eu-west-1".into(),
            endpoint: None,
            transient_attempts: None,
        }
    }

    #[test]
    fn codes_are_sorted_into_retry_and_user_errors() {
        assert!(matches!(
            classify_code("ThrottlingException", "Rate exceeded", &cx()),
            Failure::Throttled
        ));
        assert!(matches!(
            classify_code("ServiceUnavailableException", "", &cx()),
            Failure::Transient(_)
        ));
        let Failure::Fatal(e) = classify_code("ResourceNotFoundException", "gone", &cx()) else {
            panic!("not fatal")
        };
        assert_eq!(
            e.to_string(),
            "log group `/ecs/web` does not exist in region eu-west-1: `lognoise groups` lists \
             the log groups there (check --region and --profile)"
        );
        assert!(matches!(
            classify_code("ExpiredTokenException", "expired", &cx()),
            Failure::Fatal(Error::ExpiredCredentials { .. })
        ));
        assert!(matches!(
            classify_code("InvalidParameterException", "bad pattern", &cx()),
            Failure::Fatal(Error::Refused { .. })
        ));
    }

    #[test]
    fn dns_failures_are_recognised() {
        assert!(looks_like_dns_failure(
            "dispatch failure: io error: dns error: failed to lookup address information"
        ));
        assert!(!looks_like_dns_failure("connection reset by peer"));
    }
}
