//! The index schema, and opening the index of a workspace with its tokenizers.

use crate::tokenizer::LogTokenizer;
use crate::{Error, Result};
use lognoise_workspace::{create_private_dir, StoredEvent, Workspace};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer, TokenizerManager};
use tantivy::{Index, TantivyDocument};

/// Tokenizer of the `message` field ([`LogTokenizer`]).
pub const LOG_TOKENIZER: &str = "log";
/// Tokenizer of `level`: the whole value, lower case.
const LOWERCASE: &str = "lowercase";

/// Fields of the index. Query syntax names them: `level:error`, `group:"/ecs/web"`,
/// `bytes:>1000`, `timestamp:[1772409600000 TO 1772413200000]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub message: Field,
    pub group: Field,
    pub stream: Field,
    pub level: Field,
    pub timestamp: Field,
    pub bytes: Field,
    pub seq: Field,
    pub cluster: Field,
}

pub(crate) const TIMESTAMP: &str = "timestamp";
pub(crate) const SEQ: &str = "seq";
pub(crate) const CLUSTER: &str = "cluster";
pub(crate) const GROUP: &str = "group";
pub(crate) const BYTES: &str = "bytes";

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let message = b.add_text_field(
        "message",
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(LOG_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    let exact = TextOptions::default()
        .set_stored()
        .set_fast("raw")
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic),
        );
    let group = b.add_text_field(GROUP, exact.clone());
    let stream = b.add_text_field("stream", exact);
    let level = b.add_text_field(
        "level",
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(LOWERCASE)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    let number = NumericOptions::from(INDEXED | FAST | STORED);
    let timestamp = b.add_i64_field(TIMESTAMP, number.clone());
    let bytes = b.add_u64_field(BYTES, number.clone());
    let seq = b.add_u64_field(SEQ, number.clone());
    let cluster = b.add_u64_field(CLUSTER, number);
    let fields = Fields {
        message,
        group,
        stream,
        level,
        timestamp,
        bytes,
        seq,
        cluster,
    };
    (b.build(), fields)
}

impl Fields {
    /// The fields of an index's schema, found by name: an index written by another version
    /// may number them differently.
    pub(crate) fn of(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema.get_field(name).map_err(|_| {
                Error::Index(tantivy::TantivyError::SchemaError(format!(
                    "the index has no `{name}` field; re-import the logs into a new workspace"
                )))
            })
        };
        Ok(Fields {
            message: get("message")?,
            group: get(GROUP)?,
            stream: get("stream")?,
            level: get("level")?,
            timestamp: get(TIMESTAMP)?,
            bytes: get("bytes")?,
            seq: get(SEQ)?,
            cluster: get(CLUSTER)?,
        })
    }
}

/// Names of the fields a query may use.
pub(crate) fn field_names(schema: &Schema) -> Vec<String> {
    schema
        .fields()
        .map(|(_, entry)| entry.name().to_string())
        .collect()
}

/// Tokenizers for indexing (`query` false) or for parsing queries (`query` true).
pub(crate) fn tokenizers(query: bool) -> TokenizerManager {
    let m = TokenizerManager::default();
    let log = if query {
        LogTokenizer::query()
    } else {
        LogTokenizer::index()
    };
    m.register(LOG_TOKENIZER, log);
    m.register(
        LOWERCASE,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
    m
}

/// Opens the index of a workspace, creating it when missing.
pub(crate) fn open_or_create(ws: &Workspace) -> Result<(Index, Fields)> {
    let dir = ws.index_dir();
    let mut index = if dir.join("meta.json").exists() {
        Index::open_in_dir(&dir)?
    } else {
        create_private_dir(&dir)?;
        Index::create_in_dir(&dir, schema().0)?
    };
    index.set_tokenizers(tokenizers(false));
    let fields = Fields::of(&index.schema())?;
    Ok((index, fields))
}

/// Opens the index of a workspace for search.
pub(crate) fn open(ws: &Workspace) -> Result<(Index, Fields)> {
    let dir = ws.index_dir();
    if ws.manifest().generation == 0 || !dir.join("meta.json").exists() {
        return Err(Error::Empty {
            path: ws.root().to_path_buf(),
        });
    }
    let mut index = Index::open_in_dir(&dir)?;
    index.set_tokenizers(tokenizers(false));
    let fields = Fields::of(&index.schema())?;
    Ok((index, fields))
}

/// The index document of an event.
pub(crate) fn document(f: &Fields, e: &StoredEvent) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    d.add_text(f.message, &e.message);
    if let Some(g) = &e.log_group {
        d.add_text(f.group, g);
    }
    if let Some(s) = &e.log_stream {
        d.add_text(f.stream, s);
    }
    if let Some(l) = &e.level {
        d.add_text(f.level, l);
    }
    if let Some(t) = e.timestamp_ms {
        d.add_i64(f.timestamp, t);
    }
    d.add_u64(f.bytes, e.message.len() as u64);
    d.add_u64(f.seq, e.seq);
    d.add_u64(f.cluster, u64::from(e.cluster));
    d
}
