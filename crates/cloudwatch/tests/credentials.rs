//! With no credentials anywhere, a call ends with one sentence saying how to provide them.
//! (Its own test binary: the other tests put test credentials in the environment.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_cloudwatch::{CloudWatch, ConnectOptions, Error};

#[test]
fn missing_credentials_say_how_to_provide_them() {
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        std::env::remove_var(var);
    }
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("AWS_CONFIG_FILE", dir.path().join("config"));
    std::env::set_var(
        "AWS_SHARED_CREDENTIALS_FILE",
        dir.path().join("credentials"),
    );
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    let cw = CloudWatch::connect(&ConnectOptions {
        region: Some("us-east-1".into()),
        // Nothing listens there: the call must fail on credentials before any connection.
        endpoint_url: Some("http://127.0.0.1:9".into()),
        max_attempts: 1,
        ..ConnectOptions::default()
    })
    .unwrap();
    let err = cw.groups(None).unwrap_err();
    assert!(matches!(err, Error::NoCredentials), "{err:?}");
    assert_eq!(
        err.to_string(),
        "no AWS credentials found: run `aws configure` or `aws sso login`, set AWS_PROFILE or \
         AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile NAME"
    );
}

#[test]
fn a_missing_region_says_how_to_set_one() {
    std::env::remove_var("AWS_REGION");
    std::env::remove_var("AWS_DEFAULT_REGION");
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("AWS_CONFIG_FILE", dir.path().join("config"));
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    let err = CloudWatch::connect(&ConnectOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no AWS region set: pass --region (for example --region us-east-1) or set AWS_REGION"
    );
}
