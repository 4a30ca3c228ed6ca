//! The AWS profiles a user can pick from: their names and regions, read from the config and
//! credentials files by the SDK's own parser (`AWS_CONFIG_FILE` and
//! `AWS_SHARED_CREDENTIALS_FILE` honoured), so a profile the AWS CLI knows is listed here under
//! the same name. Nothing but names and regions leaves this module; nothing is written.

use crate::error::{Error, Result};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use serde::Serialize;

/// One profile of the AWS config or credentials file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AwsProfile {
    /// Its name (`default` for the default profile).
    pub name: String,
    /// The `region` it sets, if any.
    pub region: Option<String>,
}

/// The profiles, and what the provider chain uses when none is picked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AwsProfiles {
    /// Every profile, by name.
    pub profiles: Vec<AwsProfile>,
    /// The profile used when none is picked: `AWS_PROFILE`, else `default`.
    pub selected: String,
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`), which wins over a profile's region.
    pub env_region: Option<String>,
}

/// The profiles of the user's AWS config and credentials files.
pub fn profiles() -> Result<AwsProfiles> {
    profiles_from(&Fs::real(), &Env::real())
}

/// [`profiles`] over a given file system and environment (fakes in the tests).
fn profiles_from(fs: &Fs, env: &Env) -> Result<AwsProfiles> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Error::Invalid(format!("cannot start the file reader: {e}")))?;
    let set = runtime
        .block_on(aws_config::profile::load(
            fs,
            env,
            &EnvConfigFiles::default(),
            None,
        ))
        .map_err(|e| {
            Error::Invalid(format!(
                "the AWS config files cannot be read ({e}): fix them (`aws configure list-profiles` \
                 shows what the AWS CLI makes of them)"
            ))
        })?;
    let mut profiles: Vec<AwsProfile> = set
        .profiles()
        .map(|name| AwsProfile {
            name: name.to_string(),
            region: set
                .get_profile(name)
                .and_then(|p| p.get("region"))
                .map(str::to_string)
                .filter(|r| !r.is_empty()),
        })
        .collect();
    profiles.sort_by(|a, b| a.name.cmp(&b.name));
    let env_region = ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .iter()
        .filter_map(|k| env.get(k).ok())
        .find(|v| !v.is_empty());
    Ok(AwsProfiles {
        profiles,
        selected: set.selected_profile().to_string(),
        env_region,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const CONFIG: &str = "[default]\nregion = eu-west-1\n\n[profile prod]\nregion = us-east-2\n\
                          sso_session = corp\n\n[profile ci]\noutput = json\n\n[sso-session corp]\n\
                          sso_region = us-east-1\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDEXAMPLE\n\
                               aws_secret_access_key = secret\n\n[legacy]\n\
                               aws_access_key_id = AKIDLEGACY\naws_secret_access_key = s2\n";

    fn fake(env: &[(&str, &str)]) -> AwsProfiles {
        let fs = Fs::from_slice(&[("/h/config", CONFIG), ("/h/credentials", CREDENTIALS)]);
        let mut vars = vec![
            ("AWS_CONFIG_FILE", "/h/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/h/credentials"),
        ];
        vars.extend_from_slice(env);
        profiles_from(&fs, &Env::from_slice(&vars)).unwrap()
    }

    #[test]
    fn names_and_regions_come_from_both_files() {
        let p = fake(&[]);
        let listed: Vec<(&str, Option<&str>)> = p
            .profiles
            .iter()
            .map(|p| (p.name.as_str(), p.region.as_deref()))
            .collect();
        assert_eq!(
            listed,
            [
                ("ci", None),
                ("default", Some("eu-west-1")),
                ("legacy", None),
                ("prod", Some("us-east-2"))
            ]
        );
        assert_eq!(p.selected, "default");
        assert_eq!(p.env_region, None);
        // Only names and regions are kept: no key reaches the listing.
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("AKID") && !json.contains("secret"), "{json}");
    }

    #[test]
    fn the_environment_picks_the_profile_and_region() {
        let p = fake(&[
            ("AWS_PROFILE", "prod"),
            ("AWS_DEFAULT_REGION", "ap-south-1"),
        ]);
        assert_eq!(p.selected, "prod");
        assert_eq!(p.env_region.as_deref(), Some("ap-south-1"));
    }

    #[test]
    fn missing_files_give_no_profiles() {
        let env = Env::from_slice(&[
            ("AWS_CONFIG_FILE", "/none/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/none/credentials"),
        ]);
        let p = profiles_from(&Fs::from_slice(&[]), &env).unwrap();
        assert!(p.profiles.is_empty());
        assert_eq!(p.selected, "default");
    }
}
