//! The templates file: the templates of a workspace and the template each cluster belongs to.

use crate::fs::write_private_atomic;
use crate::{Error, Result};
use lognoise_miner::{ClusterId, Snapshot, Template, TemplateId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Schema name of the templates file.
pub const TEMPLATES_SCHEMA: &str = "lognoise.workspace-templates/v1";

/// Templates with the clusters they hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateMap {
    templates: Vec<Template>,
    /// Index into `templates` for each cluster id.
    cluster_template: Vec<u32>,
    by_id: HashMap<TemplateId, u32>,
}

#[derive(Serialize, Deserialize)]
struct TemplatesFile {
    schema: String,
    clusters: Vec<u32>,
    templates: Vec<Template>,
}

impl TemplateMap {
    /// The templates of a miner snapshot; `clusters` is the miner's cluster count.
    pub fn from_snapshot(snapshot: &Snapshot, clusters: usize) -> TemplateMap {
        let templates = snapshot.templates().to_vec();
        let by_id = index_by_id(&templates);
        let cluster_template = (0..clusters as u32)
            .map(|c| {
                snapshot
                    .template_id_of(ClusterId(c))
                    .and_then(|id| by_id.get(&id).copied())
                    .unwrap_or(u32::MAX)
            })
            .collect();
        TemplateMap {
            templates,
            cluster_template,
            by_id,
        }
    }

    /// Templates, most lines first.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// Number of clusters mapped.
    pub fn cluster_count(&self) -> usize {
        self.cluster_template.len()
    }

    /// The template of a cluster.
    pub fn template_of(&self, cluster: u32) -> Option<&Template> {
        self.cluster_template
            .get(cluster as usize)
            .and_then(|&i| self.templates.get(i as usize))
    }

    /// For each cluster, the position of its template in [`TemplateMap::templates`].
    pub fn cluster_templates(&self) -> &[u32] {
        &self.cluster_template
    }

    /// Position in [`TemplateMap::templates`] of a cluster's template.
    pub fn template_index_of(&self, cluster: u32) -> Option<usize> {
        self.cluster_template
            .get(cluster as usize)
            .map(|&i| i as usize)
            .filter(|&i| i < self.templates.len())
    }

    /// The template with this id.
    pub fn get(&self, id: TemplateId) -> Option<&Template> {
        self.by_id
            .get(&id)
            .and_then(|&i| self.templates.get(i as usize))
    }

    /// The clusters that make up a template.
    pub fn clusters_of(&self, id: TemplateId) -> Vec<u32> {
        let Some(&t) = self.by_id.get(&id) else {
            return Vec::new();
        };
        (0..self.cluster_template.len() as u32)
            .filter(|&c| self.cluster_template[c as usize] == t)
            .collect()
    }

    pub(crate) fn read(path: &Path) -> Result<TemplateMap> {
        let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let file: TemplatesFile =
            serde_json::from_slice(&text).map_err(|e| Error::damaged(path, e))?;
        if file.schema != TEMPLATES_SCHEMA {
            return Err(Error::damaged(
                path,
                format!("schema {} is not {TEMPLATES_SCHEMA}", file.schema),
            ));
        }
        let by_id = index_by_id(&file.templates);
        Ok(TemplateMap {
            templates: file.templates,
            cluster_template: file.clusters,
            by_id,
        })
    }

    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        let file = TemplatesFile {
            schema: TEMPLATES_SCHEMA.to_string(),
            clusters: self.cluster_template.clone(),
            templates: self.templates.clone(),
        };
        let text = serde_json::to_vec(&file).map_err(|e| Error::damaged(path, e))?;
        write_private_atomic(path, &text)
    }
}

fn index_by_id(templates: &[Template]) -> HashMap<TemplateId, u32> {
    templates
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i as u32))
        .collect()
}
