//! `--profile`, `--region`, `--endpoint-url`, shared by the commands that call AWS.

use anyhow::Result;
use clap::Args;
use lognoise_cloudwatch::{CloudWatch, ConnectOptions, RequestError, RequestField};

/// Where AWS is and who calls it. Credentials come from the standard provider chain
/// (environment, ~/.aws profiles including SSO and assume-role, container and instance
/// metadata) and are never stored.
#[derive(Args, Debug, Clone)]
pub struct AwsArgs {
    /// Profile of ~/.aws/config and ~/.aws/credentials [default: AWS_PROFILE, then `default`]
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region [default: AWS_REGION, then the profile's]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Endpoint to call instead of the region's (an emulator such as LocalStack or moto, a VPC
    /// endpoint)
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Requests a second at most, all together (CloudWatch Logs allows about 5 FilterLogEvents
    /// a second per account and region, shared with other tools); 0 means no limit
    #[arg(long, value_name = "N", default_value_t = 5.0)]
    pub rate: f64,
}

impl AwsArgs {
    /// Connects with these settings.
    pub fn connect(&self) -> Result<CloudWatch> {
        let options = ConnectOptions {
            profile: self.profile.clone(),
            region: lognoise_cloudwatch::check_region(self.region.as_deref()).map_err(with_flag)?,
            endpoint_url: self.endpoint_url.clone(),
            rate: self.rate,
            ..ConnectOptions::default()
        };
        Ok(CloudWatch::connect(&options)?)
    }
}

/// The engine's sentence about a pull request, with the flag to change.
pub fn with_flag(e: RequestError) -> anyhow::Error {
    let flag = match e.field {
        RequestField::Groups => "--group",
        RequestField::Window => "--since, --until",
        RequestField::Filter => "--filter",
        RequestField::Sample => "--sample",
        RequestField::Region => "--region",
    };
    anyhow::anyhow!("{} ({flag})", e.message)
}
