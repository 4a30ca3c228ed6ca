//! Generates `ui/src/bindings.ts` and fails when the committed file differs. Run with
//! `UPDATE_BINDINGS=1` to rewrite it after changing a payload type or a command.
//!
//! The file has two parts, both derived from the code:
//! - the payload types, declared by ts-rs: every type a command takes or returns, and every
//!   type those reach (ts-rs walks their fields);
//! - `Commands`, the table of every `#[tauri::command]` in `src/commands` with its arguments
//!   (as `invoke` takes them: camelCase keys) and what it resolves to, read from the functions'
//!   signatures with `syn`. `ui/src/api.ts` and the test stand-ins are typed by it, so `tsc`
//!   fails on a misspelled command, a wrong argument or a mock that answers the wrong shape.
//!
//! The test also checks the three lists Tauri needs by name against the functions found: the
//! handler list in `lib.rs`, the permission manifest in `build.rs` and the capability file.

use crate::dto::*;
use crate::error::ApiError;
use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use ts_rs::{TypeVisitor, TS};

/// The types commands take and return. The test checks this list against the commands'
/// signatures both ways, so it cannot fall behind them; the types these reach are found by
/// ts-rs.
fn visit_payloads(v: &mut Declarations) {
    v.visit::<ApiError>();
    v.visit::<AppInfo>();
    v.visit::<RecentWorkspace>();
    v.visit::<WorkspaceInfo>();
    v.visit::<ImportProgress>();
    v.visit::<ImportSummary>();
    v.visit::<TemplateDetail>();
    v.visit::<SearchArgs>();
    v.visit::<SearchView>();
    v.visit::<SessionView>();
    v.visit::<AwsProfilesView>();
    v.visit::<AwsTarget>();
    v.visit::<LogGroupView>();
    v.visit::<PullArgs>();
    v.visit::<PullProgressEvent>();
    v.visit::<PullSummary>();
    v.visit::<ReviewQueueView>();
    v.visit::<SessionListItem>();
    v.visit::<NewSessionArgs>();
    v.visit::<RulesView>();
    v.visit::<SavedRules>();
    v.visit::<SummaryView>();
    v.visit::<ProducerKind>();
    v.visit::<ProducerView>();
    v.visit::<DeployView>();
    v.visit::<SavedDeployView>();
    v.visit::<Verdict>();
    v.visit::<LastMeetingView>();
}

/// The declarations reached, each type once.
#[derive(Default)]
struct Declarations {
    seen: BTreeSet<TypeId>,
    /// TypeScript name and declaration.
    decls: Vec<(String, String)>,
    /// TypeScript names of the types visited directly by [`visit_payloads`].
    roots: BTreeSet<String>,
    depth: usize,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and wrappers (`Option`, `Vec`) have no declaration of their own; their
        // type arguments are declared where they are reached.
        if T::output_path().is_none() {
            T::visit_generics(self);
            return;
        }
        if self.depth == 0 {
            self.roots.insert(T::ident());
        }
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        self.decls
            .push((T::ident(), large_ints_as_numbers(&T::decl())));
        self.depth += 1;
        T::visit_dependencies(self);
        self.depth -= 1;
    }
}

/// ts-rs 10 declares 64-bit integers as `bigint`, but Tauri's IPC is JSON and `JSON.parse`
/// gives a `number` for every integer, so that is what the front end receives (ts-rs 10 has no
/// setting for this; later versions do).
fn large_ints_as_numbers(decl: &str) -> String {
    decl.replace("bigint", "number")
}

/// One `#[tauri::command]` as the front end calls it.
#[derive(Debug)]
struct Command {
    name: String,
    /// Argument key (camelCase, as Tauri matches them) and TypeScript type.
    args: Vec<(String, String)>,
    returns: String,
    /// The payload types of the signature (Rust names).
    types: BTreeSet<String>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every command in `src/commands`, by file name, then in file order.
fn commands() -> Vec<Command> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(src().join("commands"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let ast =
            syn::parse_file(&read(&file)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for item in ast.items {
            let syn::Item::Fn(f) = item else { continue };
            let Some(attr) = f.attrs.iter().find(|a| is_command_attr(a)) else {
                continue;
            };
            out.push(command(&f, camel_case_args(attr)));
        }
    }
    out
}

fn is_command_attr(a: &syn::Attribute) -> bool {
    let segments: Vec<String> = a
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"] || segments == ["command"]
}

/// Tauri matches argument keys in camelCase unless the command says `rename_all = "snake_case"`.
fn camel_case_args(attr: &syn::Attribute) -> bool {
    let syn::Meta::List(list) = &attr.meta else {
        return true;
    };
    !list.tokens.to_string().contains("snake_case")
}

fn command(f: &syn::ItemFn, camel: bool) -> Command {
    let name = f.sig.ident.to_string();
    let mut types = BTreeSet::new();
    let mut args = Vec::new();
    for input in &f.sig.inputs {
        let syn::FnArg::Typed(arg) = input else {
            panic!("command {name} takes self")
        };
        if is_injected(&arg.ty) {
            continue;
        }
        let syn::Pat::Ident(ident) = &*arg.pat else {
            panic!("command {name}: an argument that is not a plain name")
        };
        let key = ident.ident.to_string();
        let key = if camel { camel_case(&key) } else { key };
        args.push((key, ts_type(&arg.ty, &mut types, &name)));
    }
    let returns = match &f.sig.output {
        syn::ReturnType::Default => "null".to_string(),
        syn::ReturnType::Type(_, ty) => ts_type(ok_type(ty), &mut types, &name),
    };
    Command {
        name,
        args,
        returns,
        types,
    }
}

/// Arguments Tauri fills in itself rather than from the front end's call.
fn is_injected(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| {
        ["State", "AppHandle", "Window", "WebviewWindow", "Webview"]
            .contains(&s.ident.to_string().as_str())
    })
}

/// `T` of `ApiResult<T>` or `Result<T, E>`; the type itself otherwise.
fn ok_type(ty: &syn::Type) -> &syn::Type {
    match last_segment(ty) {
        Some(s) if s.ident == "ApiResult" || s.ident == "Result" => {
            type_args(s).first().copied().unwrap_or(ty)
        }
        _ => ty,
    }
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

fn type_args(s: &syn::PathSegment) -> Vec<&syn::Type> {
    match &s.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The TypeScript of a Rust type in a command's signature; payload types keep their name.
fn ts_type(ty: &syn::Type, types: &mut BTreeSet<String>, command: &str) -> String {
    if let syn::Type::Reference(r) = ty {
        return ts_type(&r.elem, types, command);
    }
    if let syn::Type::Tuple(t) = ty {
        assert!(
            t.elems.is_empty(),
            "command {command}: tuples are not payloads"
        );
        return "null".into();
    }
    let Some(s) = last_segment(ty) else {
        panic!("command {command}: no TypeScript for this argument or result type")
    };
    let args = type_args(s);
    let mut arg = |i: usize| ts_type(args[i], types, command);
    match s.ident.to_string().as_str() {
        "String" | "str" | "PathBuf" => "string".into(),
        "bool" => "boolean".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32"
        | "f64" => "number".into(),
        "Option" => format!("{} | null", arg(0)),
        "Vec" => format!("Array<{}>", arg(0)),
        "BTreeMap" | "HashMap" => format!("Record<{}, {}>", arg(0), arg(1)),
        "Channel" => format!("Channel<{}>", arg(0)),
        name => {
            types.insert(name.to_string());
            name.to_string()
        }
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn generate() -> (String, Vec<Command>, Declarations) {
    let mut decls = Declarations::default();
    visit_payloads(&mut decls);
    let commands = commands();
    let mut out = String::from(
        "// Generated from src-tauri/src/dto.rs and the commands in src-tauri/src/commands by\n\
         // `UPDATE_BINDINGS=1 cargo test -p lognoise-app bindings`. Do not edit by hand.\n\n\
         import type { Channel } from \"@tauri-apps/api/core\";\n\n",
    );
    // By name: ts-rs reports a type's dependencies in an order that changes between builds.
    let mut sorted: Vec<&(String, String)> = decls.decls.iter().collect();
    sorted.sort();
    for (_, d) in sorted {
        out.push_str("export ");
        out.push_str(d);
        out.push_str("\n\n");
    }
    out.push_str(
        "/**\n * Every command of the app: the arguments `invoke` sends (camelCase keys) and what it\n * resolves to.\n */\nexport type Commands = {\n",
    );
    for c in &commands {
        let args = if c.args.is_empty() {
            "Record<string, never>".to_string()
        } else {
            let fields: Vec<String> = c.args.iter().map(|(k, t)| format!("{k}: {t}")).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        writeln!(
            out,
            "  {}: {{ args: {args}; returns: {} }};",
            c.name, c.returns
        )
        .unwrap();
    }
    out.push_str("};\n");
    (out, commands, decls)
}

/// Names of the commands the `generate_handler!` call of `lib.rs` registers.
fn registered_handlers() -> BTreeSet<String> {
    let lib = read(&src().join("lib.rs"));
    let start = lib
        .find("generate_handler![")
        .expect("lib.rs has no generate_handler!");
    let list = &lib[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').expect("generate_handler! is not closed")];
    list.split(',')
        .map(|p| p.trim().rsplit("::").next().unwrap_or_default().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Names in the `COMMANDS` list of `build.rs`.
fn manifest_commands() -> BTreeSet<String> {
    let build = read(&src().join("../build.rs"));
    let start = build
        .find("const COMMANDS")
        .expect("build.rs has no COMMANDS");
    let list = &build[start..];
    let list = &list[list.find("= &[").unwrap() + 4..list.find("];").unwrap()];
    list.split(',')
        .map(|n| n.trim().trim_matches('"').to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// The `allow-*` permissions of the app's own commands in the capability file.
fn allowed_commands() -> BTreeSet<String> {
    let caps: serde_json::Value =
        serde_json::from_str(&read(&src().join("../capabilities/main.json"))).unwrap();
    caps["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

#[test]
fn bindings_are_current() {
    let (fresh, commands, decls) = generate();

    let names: BTreeSet<String> = commands.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names.len(), commands.len(), "two commands share a name");
    assert_eq!(
        registered_handlers(),
        names,
        "lib.rs's generate_handler! and the commands differ"
    );
    assert_eq!(
        manifest_commands(),
        names,
        "build.rs's COMMANDS and the commands differ"
    );
    assert_eq!(
        allowed_commands(),
        names,
        "capabilities/main.json and the commands differ"
    );

    let mut in_signatures: BTreeSet<String> =
        commands.iter().flat_map(|c| c.types.clone()).collect();
    in_signatures.insert("ApiError".into());
    assert_eq!(
        decls.roots, in_signatures,
        "visit_payloads must list exactly the types of the commands' signatures (and ApiError)"
    );
    let declared: BTreeMap<&str, &str> = decls
        .decls
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_str()))
        .collect();
    for c in &commands {
        for t in &c.types {
            assert!(
                declared.contains_key(t.as_str()),
                "command {} uses {t}, which is not declared",
                c.name
            );
        }
    }

    let path = src().join("../../ui/src/bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p lognoise-app bindings` and commit it"
    );
}

#[test]
fn argument_keys_are_camel_case() {
    assert_eq!(camel_case("price_per_gb_usd"), "pricePerGbUsd");
    assert_eq!(camel_case("on_progress"), "onProgress");
    assert_eq!(camel_case("path"), "path");
}

#[test]
fn large_ints_are_numbers() {
    assert!(!large_ints_as_numbers(&WorkspaceInfo::decl()).contains("bigint"));
    assert!(large_ints_as_numbers(&WorkspaceInfo::decl()).contains("events: number"));
}
