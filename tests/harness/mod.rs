//! Starts the real app under a private X server and drives its window through WebDriver:
//! Xvfb on a free display, `tauri-driver` (which starts `WebKitWebDriver`) on free ports, and a
//! fantoccini client. Everything started here is stopped when [`Harness`] is dropped.
//!
//! `scripts/test` installs Xvfb, WebKitWebDriver and tauri-driver when they are missing.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The title of the page the app embeds when `ui/dist` was missing at build time
/// (`src-tauri/placeholder/index.html`).
const PLACEHOLDER_TITLE: &str = "lognoise: front end not built";

/// A running app with its X server and WebDriver.
pub struct Harness {
    pub client: Client,
    xvfb: Child,
    driver: Child,
    /// Where screenshots go.
    pub shots: PathBuf,
    /// When the WebDriver session that launched the app was asked for (the start of the
    /// app's launch, for the benchmark's start-up figure).
    pub session_requested_at: std::time::SystemTime,
}

/// What to start.
pub struct Launch<'a> {
    /// The app binary.
    pub app: &'a Path,
    /// Its arguments.
    pub args: Vec<String>,
    /// Environment for the app (XDG folders of the test).
    pub env: Vec<(String, String)>,
    /// Screenshot folder.
    pub shots: PathBuf,
    /// Whether WebKit composites the page in layers (with OpenGL, Mesa's llvmpipe under Xvfb)
    /// as it does on a desktop with a GPU, or paints it all in software
    /// (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, which the tests use: it needs no GL at all).
    pub compositing: bool,
}

/// Finds a program on PATH or in ~/.cargo/bin, or says how to get it.
pub fn program(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{name} is not installed: run scripts/test, which installs the end-to-end tools")
        })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A display number no X server uses.
fn free_display() -> u32 {
    let base = 90 + std::process::id() % 200;
    (base..base + 200)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .expect("no free X display number")
}

fn wait_until(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Harness {
    /// Starts Xvfb, tauri-driver and the app.
    pub async fn start(launch: Launch<'_>) -> Harness {
        assert!(
            launch.app.is_file(),
            "no app binary at {}: build it first",
            launch.app.display()
        );
        std::fs::create_dir_all(&launch.shots).unwrap();
        let display = free_display();
        let mut xvfb = Command::new(program("Xvfb"))
            .args([
                format!(":{display}"),
                "-screen".into(),
                "0".into(),
                "1280x800x24".into(),
                "-nolisten".into(),
                "tcp".into(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{display}"));
        wait_until("Xvfb", Duration::from_secs(20), || {
            if let Ok(Some(status)) = xvfb.try_wait() {
                panic!("Xvfb :{display} exited at once ({status})");
            }
            socket.exists()
        });
        let port = free_port();
        let native = free_port();
        let mut driver = Command::new(program("tauri-driver"));
        driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", format!(":{display}"))
            .env("GDK_BACKEND", "x11")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if launch.compositing {
            driver.env_remove("WEBKIT_DISABLE_COMPOSITING_MODE");
        } else {
            driver.env("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        }
        if let Ok(native_driver) = std::env::var("LOGNOISE_WEBKIT_DRIVER") {
            driver.args(["--native-driver", &native_driver]);
        }
        for (k, v) in &launch.env {
            driver.env(k, v);
        }
        let mut driver = driver.spawn().unwrap();
        wait_until("tauri-driver", Duration::from_secs(20), || {
            if let Ok(Some(status)) = driver.try_wait() {
                panic!("tauri-driver exited at once ({status})");
            }
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": {
                "application": launch.app,
                "args": launch.args,
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        // tauri-driver accepts connections before its WebKitWebDriver is listening; the first
        // session request can then be cut off, so it is retried for a few seconds.
        let mut attempt = 0;
        let mut session_requested_at;
        let client = loop {
            session_requested_at = std::time::SystemTime::now();
            let mut builder = ClientBuilder::rustls().unwrap();
            builder.capabilities(caps.clone());
            match builder.connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(client) => break client,
                Err(e) if attempt < 20 => {
                    attempt += 1;
                    eprintln!("harness: WebDriver session not ready ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("no WebDriver session with the app: {e}"),
            }
        };
        let harness = Harness {
            client,
            xvfb,
            driver,
            shots: launch.shots,
            session_requested_at,
        };
        // Checked once the harness owns the processes, so that they are stopped on the panic.
        let title = harness.client.title().await.unwrap_or_default();
        assert!(
            title != PLACEHOLDER_TITLE,
            "{} was built before the front end: run `(cd ui && npm ci && npm run build)` and build the app again",
            launch.app.display()
        );
        harness
    }

    /// Waits for an element with this `data-testid`.
    pub async fn find(&self, testid: &str) -> Element {
        self.wait_css(&format!("[data-testid='{testid}']")).await
    }

    /// Waits for an element matching a CSS selector.
    pub async fn wait_css(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Sends keys to the focused element (the page when nothing is focused).
    pub async fn keys(&self, keys: &str) {
        let active = self.client.active_element().await.unwrap();
        active.send_keys(keys).await.unwrap();
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Answers the app's next requests for the native dialog `command` (`save` for a save
    /// dialog, `open` for a file or folder picker) with `path`. The dialog cannot be driven
    /// through WebDriver, but the page's IPC requests go through `fetch`: the page's fetch
    /// answers the dialog's request itself and passes every other request on, so the app's
    /// own commands then write where the test chose.
    pub async fn answer_dialog(&self, command: &str, path: &Path) {
        let script = format!(
            r#"const real = window.__lognoiseRealFetch || window.fetch;
            window.__lognoiseRealFetch = real;
            window.fetch = (url, init) =>
              String(url).includes(encodeURIComponent({command}))
                ? Promise.resolve(new Response(JSON.stringify({path}), {{
                    headers: {{ 'Tauri-Response': 'ok', 'Content-Type': 'application/json' }},
                  }}))
                : real(url, init);
            return window.fetch !== real;"#,
            command = serde_json::to_string(&format!("plugin:dialog|{command}")).unwrap(),
            path = serde_json::to_string(&path.display().to_string()).unwrap()
        );
        assert_eq!(
            self.js(&script).await,
            true,
            "the page's fetch could not be replaced"
        );
    }

    /// Polls a JavaScript expression until it is truthy, for at most a minute.
    pub async fn wait_js(&self, what: &str, expr: &str) -> serde_json::Value {
        self.wait_js_within(what, expr, Duration::from_secs(60))
            .await
    }

    /// [`Harness::wait_js`] for at most `limit`: for what takes as long as it takes, such as
    /// a pull, which paces its requests as CloudWatch's quotas ask (a few a second) however
    /// fast the server answers.
    pub async fn wait_js_within(
        &self,
        what: &str,
        expr: &str,
        limit: Duration,
    ) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let v = self.js(&format!("return {expr};")).await;
            if !(v.is_null() || v == false || v == "" || v == 0) {
                return v;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {what} ({expr}) after {limit:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a screenshot of the window as `<name>.png`.
    ///
    /// WebKitWebDriver takes the snapshot on the page's next rendering update, so on a screen
    /// where nothing changes it waits forever; an invisible pixel moved on every frame until
    /// the snapshot is taken keeps updates coming.
    pub async fn screenshot(&self, name: &str) {
        self.js(
            "const el = document.createElement('div');
             el.id = '__lognoise_repaint';
             el.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0.01;pointer-events:none';
             document.body.append(el);
             let n = 0;
             const step = () => { if (!el.isConnected) return; el.style.transform = `translateX(${n++ % 2}px)`; requestAnimationFrame(step); };
             requestAnimationFrame(step);
             return true;",
        )
        .await;
        let png = self.client.screenshot().await.unwrap();
        self.js("document.getElementById('__lognoise_repaint')?.remove(); return true;")
            .await;
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }

    /// Ends the WebDriver session (closing the app), then the driver and X server.
    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.kill();
    }
}
