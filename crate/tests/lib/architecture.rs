//! ARCHITECTURE.md's module table, kept true: every library file belongs to a row, each row
//! imports exactly the rows its "imports" column names (every `crate::`, `super::` and `self::`
//! path, in `use` lines and inline, followed through re-exports), only rows drawn below it, no
//! two files import each other around a circle (a child importing its parent included), and a
//! folder's `mod.rs` (like `lib.rs`) defines nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
const ARCHITECTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ARCHITECTURE.md");

/// A module path below the crate's root, `counting::bigram`; the root is empty.
type ModPath = Vec<String>;

struct File {
    rel: String,
    /// `lib.rs` or a `mod.rs`: a folder's face, which only declares and re-exports.
    face: bool,
    ast: syn::File,
}

/// Every library file (not `bin/`) by its module path, its `#[cfg(test)]` items left out.
fn library() -> BTreeMap<ModPath, File> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(Path::new(SRC), &mut paths);
    let mut files = BTreeMap::new();
    for path in paths {
        let rel = path
            .strip_prefix(SRC)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("bin/") {
            continue;
        }
        let mut parts: Vec<String> = rel
            .trim_end_matches(".rs")
            .split('/')
            .map(String::from)
            .collect();
        let face = matches!(parts.last().map(String::as_str), Some("mod" | "lib"));
        if face {
            parts.pop();
        }
        let mut ast = syn::parse_file(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        ast.items.retain(|item| !is_cfg_test(item));
        files.insert(parts, File { rel, face, ast });
    }
    files
}

fn is_cfg_test(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Use(u) => &u.attrs,
        _ => return false,
    };
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
    })
}

/// The paths a `use` tree names, each as its segments (`self` kept as the last one).
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => out.push([prefix.clone(), vec![n.ident.to_string()]].concat()),
        syn::UseTree::Rename(r) => out.push([prefix.clone(), vec![r.ident.to_string()]].concat()),
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_paths(t, prefix, out)),
    }
}

/// Every path in a file's items: `use` trees, and paths inline (types, calls, patterns, macros'
/// paths).
#[derive(Default)]
struct Paths {
    uses: Vec<(bool, Vec<String>)>,
    inline: Vec<Vec<String>>,
    children: Vec<String>,
    defines: Vec<String>,
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut out = Vec::new();
        use_paths(&u.tree, &mut Vec::new(), &mut out);
        let public = !matches!(u.vis, syn::Visibility::Inherited);
        self.uses.extend(out.into_iter().map(|p| (public, p)));
    }
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_none() {
            self.children.push(m.ident.to_string());
        }
        syn::visit::visit_item_mod(self, m);
    }
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let defined = match item {
            syn::Item::Fn(i) => Some(i.sig.ident.to_string()),
            syn::Item::Struct(i) => Some(i.ident.to_string()),
            syn::Item::Enum(i) => Some(i.ident.to_string()),
            syn::Item::Const(i) => Some(i.ident.to_string()),
            syn::Item::Static(i) => Some(i.ident.to_string()),
            syn::Item::Trait(i) => Some(i.ident.to_string()),
            syn::Item::Type(i) => Some(i.ident.to_string()),
            syn::Item::Impl(_) => Some("an impl".into()),
            syn::Item::Macro(i) => i.ident.as_ref().map(|i| i.to_string()),
            _ => None,
        };
        self.defines.extend(defined);
        syn::visit::visit_item(self, item);
    }
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(in crate::nn)` says who may see an item; it imports nothing.
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.inline
            .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // A macro's body is tokens: read the `crate::`/`super::` paths in it as well.
        let tokens: Vec<String> = m
            .tokens
            .clone()
            .into_iter()
            .map(|t| t.to_string())
            .collect();
        for (i, t) in tokens.iter().enumerate() {
            if t == "crate" || t == "super" {
                let mut path = vec![t.clone()];
                let mut j = i + 1;
                while j + 2 < tokens.len() + 1 && tokens.get(j).is_some_and(|c| c == ":") {
                    // `::` is two `:` punctuation tokens, then an identifier.
                    match tokens.get(j + 2) {
                        Some(name) if tokens[j + 1] == ":" => path.push(name.clone()),
                        _ => break,
                    }
                    j += 3;
                }
                self.inline.push(path);
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

struct Crate {
    files: BTreeMap<ModPath, File>,
    paths: BTreeMap<ModPath, Paths>,
}

impl Crate {
    fn new() -> Crate {
        let files = library();
        let paths = files
            .iter()
            .map(|(m, f)| {
                let mut p = Paths::default();
                p.visit_file(&f.ast);
                (m.clone(), p)
            })
            .collect();
        Crate { files, paths }
    }

    /// `segs` as an absolute module path, seen from module `m`; `None` for another crate or a
    /// name of `m`'s own.
    fn absolute(&self, m: &ModPath, segs: &[String]) -> Option<Vec<String>> {
        let first = segs.first()?;
        match first.as_str() {
            "crate" => Some(segs[1..].to_vec()),
            "super" => {
                let mut base = m.clone();
                let mut rest = segs;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                Some([base, rest.to_vec()].concat())
            }
            "self" => Some([m.clone(), segs[1..].to_vec()].concat()),
            name if self.paths[m].children.iter().any(|c| c == name) => {
                Some([m.clone(), segs.to_vec()].concat())
            }
            _ => None,
        }
    }

    /// The file module that defines what `segs` (absolute) names, through re-exports.
    fn resolve(&self, segs: &[String], depth: usize) -> ModPath {
        let mut module: ModPath = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            let candidate = [module.clone(), vec![s.clone()]].concat();
            if self.files.contains_key(&candidate) {
                module = candidate;
                continue;
            }
            if depth < 8 {
                let reexport = self.paths.get(&module).and_then(|p| {
                    p.uses.iter().find(|(public, u)| {
                        *public
                            && u.last().is_some_and(|l| {
                                l == s || (l == "self" && u.len() > 1 && &u[u.len() - 2] == s)
                            })
                    })
                });
                if let Some(target) = reexport.and_then(|(_, u)| self.absolute(&module, u)) {
                    let target: Vec<String> = target.into_iter().filter(|t| t != "self").collect();
                    return self.resolve(&[target, segs[i + 1..].to_vec()].concat(), depth + 1);
                }
            }
            return module;
        }
        module
    }

    /// The file modules a file imports: what its paths resolve to, and its `mod` children (for a
    /// file that is not a folder's face).
    fn imports(&self, m: &ModPath) -> BTreeSet<ModPath> {
        let p = &self.paths[m];
        let mut out = BTreeSet::new();
        for segs in p.uses.iter().map(|(_, u)| u).chain(&p.inline) {
            if let Some(abs) = self.absolute(m, segs) {
                let abs: Vec<String> = abs.into_iter().filter(|t| t != "self").collect();
                out.insert(self.resolve(&abs, 0));
            }
        }
        if !self.files[m].face {
            out.extend(
                p.children
                    .iter()
                    .map(|c| [m.clone(), vec![c.clone()]].concat()),
            );
        }
        out.remove(m);
        out
    }
}

/// ARCHITECTURE.md's module table, top to bottom: each row's module and the modules its
/// "imports" column names.
fn table() -> Vec<(String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(ARCHITECTURE).unwrap();
    let mut rows = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells.first() == Some(&"module") && cells.last() == Some(&"imports") {
            inside = true;
            continue;
        }
        if !inside || cells.len() < 2 || cells[0].starts_with("---") {
            if inside && !line.trim().starts_with('|') {
                break;
            }
            continue;
        }
        let ticked = |s: &str| -> Vec<String> {
            s.split('`').skip(1).step_by(2).map(String::from).collect()
        };
        let module = ticked(cells[0])
            .into_iter()
            .next()
            .expect("a module in backticks");
        rows.push((module, ticked(cells[cells.len() - 1]).into_iter().collect()));
    }
    assert!(
        !rows.is_empty(),
        "ARCHITECTURE.md has no `| module | ... | imports |` table"
    );
    rows
}

/// The row a file module belongs to: the longest row that is it or holds it.
fn row_of(rows: &[(String, BTreeSet<String>)], m: &ModPath) -> Option<String> {
    let name = m.join("::");
    rows.iter()
        .map(|(r, _)| r)
        .filter(|r| name == **r || name.starts_with(&format!("{r}::")))
        .max_by_key(|r| r.len())
        .cloned()
}

#[test]
fn architecture_md_names_every_import_of_every_module() {
    let krate = Crate::new();
    let rows = table();
    let mut problems = Vec::new();
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, file) in &krate.files {
        if m.is_empty() {
            continue; // lib.rs: the crate's face
        }
        let Some(row) = row_of(&rows, m) else {
            // A folder's face with no row of its own (`show`) may only re-export its own files.
            let own = |t: &ModPath| t.starts_with(m);
            if file.face && krate.imports(m).iter().all(own) {
                continue;
            }
            problems.push(format!(
                "crate/src/{}: module `{}` is not in ARCHITECTURE.md's table",
                file.rel,
                m.join("::")
            ));
            continue;
        };
        let entry = found.entry(row.clone()).or_default();
        for target in krate.imports(m) {
            if target.is_empty() {
                continue;
            }
            match row_of(&rows, &target) {
                Some(r) if r != row => {
                    entry.insert(r);
                }
                Some(_) => {}
                None => problems.push(format!(
                    "crate/src/{}: imports `{}`, which the table does not name",
                    file.rel,
                    target.join("::")
                )),
            }
        }
    }
    let order: BTreeMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (r.as_str(), i))
        .collect();
    for (row, said) in &rows {
        let is = found.get(row).cloned().unwrap_or_default();
        for extra in is.difference(said) {
            problems.push(format!(
                "`{row}` imports `{extra}`, which its \"imports\" column does not say"
            ));
        }
        for missing in said.difference(&is) {
            problems.push(format!(
                "`{row}`'s \"imports\" column says `{missing}`, which it does not import"
            ));
        }
        for target in &is {
            if order
                .get(target.as_str())
                .is_some_and(|&t| t < order[row.as_str()])
            {
                problems.push(format!(
                    "`{row}` imports `{target}`, which the table draws above it"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md and the code disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_file_imports_another_around_a_circle() {
    let krate = Crate::new();
    let edges: BTreeMap<ModPath, BTreeSet<ModPath>> = krate
        .files
        .iter()
        .filter(|(_, f)| !f.face)
        .map(|(m, _)| (m.clone(), krate.imports(m)))
        .collect();
    // Depth-first search; a grey node met again closes a circle.
    fn visit(
        m: &ModPath,
        edges: &BTreeMap<ModPath, BTreeSet<ModPath>>,
        state: &mut BTreeMap<ModPath, bool>,
        stack: &mut Vec<ModPath>,
        circles: &mut Vec<String>,
    ) {
        state.insert(m.clone(), false);
        stack.push(m.clone());
        for next in edges.get(m).into_iter().flatten() {
            match state.get(next) {
                Some(false) => {
                    let start = stack.iter().position(|s| s == next).unwrap();
                    let names: Vec<String> = stack[start..]
                        .iter()
                        .chain([next])
                        .map(|s| s.join("::"))
                        .collect();
                    circles.push(names.join(" -> "));
                }
                None => visit(next, edges, state, stack, circles),
                Some(true) => {}
            }
        }
        stack.pop();
        state.insert(m.clone(), true);
    }
    let (mut state, mut circles) = (BTreeMap::new(), Vec::new());
    for m in edges.keys() {
        if !state.contains_key(m) {
            visit(m, &edges, &mut state, &mut Vec::new(), &mut circles);
        }
    }
    assert!(
        circles.is_empty(),
        "files that import each other:\n{}",
        circles.join("\n")
    );
}

#[test]
fn a_folders_mod_rs_defines_nothing() {
    let krate = Crate::new();
    for (m, file) in &krate.files {
        if file.face && !m.is_empty() {
            let defines = &krate.paths[m].defines;
            assert!(
                defines.is_empty(),
                "crate/src/{} defines {defines:?}; a mod.rs only declares and re-exports",
                file.rel
            );
        }
    }
}
