//! Code packs: each area of pages in one file. wasm-split gives every set of areas that share code
//! a module of its own (about 700 for 14 areas), and opening one area needed 100 to 400 of them: as
//! many requests, six at a time on HTTP/1.1, which on a slow link took longer than the bytes. A
//! pack holds an area's module and every chunk it needs, one after the other; the chunk loader asks
//! the pack for a module's bytes instead of fetching it (`__madaniPart`). A chunk another area
//! already loaded is not loaded again (wasm-split's loader keeps each module once); its bytes may be
//! downloaded again in the next area's pack, which costs less than the requests did.

use std::collections::{BTreeMap, HashMap};

/// One area's pack: its name and its bytes. A pack begins with what it holds — the length (u32,
/// little-endian) of a JSON array `[[module, length], …]`, then that array — and the modules follow
/// in that order; the loader reads that header, so the script every visitor downloads names no
/// module's place.
pub struct CodePack {
    pub area: String,
    pub bytes: Vec<u8>,
    /// The modules it holds (their stems).
    pub modules: Vec<String>,
}

impl CodePack {
    pub fn file(&self, build_id: &str) -> String {
        format!("pack_{}-{build_id}.bin", self.area)
    }
}

/// Where the loader finds a pack, `@` standing for the area, until the build id replaces this.
pub const PACK_URL_PLACEHOLDER: &str = "./pack_@-__MADANI_BUILD__.bin";

/// The packs of wasm-split's `prefetch` map (area → the modules it needs), with the modules' bytes
/// after wasm-opt. An area with no module of its own and no chunk has no pack.
pub fn packs(prefetch: &HashMap<String, Vec<String>>, modules: &[(String, Vec<u8>)]) -> Result<Vec<CodePack>, String> {
    let bytes_of: HashMap<&str, &Vec<u8>> = modules.iter().map(|(stem, b)| (stem.as_str(), b)).collect();
    let sorted: BTreeMap<&String, &Vec<String>> = prefetch.iter().collect();
    let mut packs = Vec::new();
    for (area, stems) in sorted {
        if stems.is_empty() {
            continue;
        }
        let mut index = Vec::new();
        let mut body = Vec::new();
        for stem in stems {
            let bytes =
                bytes_of.get(stem.as_str()).ok_or(format!("wasm-split names {stem}, which it did not write"))?;
            index.push(serde_json::json!([stem, bytes.len()]));
            body.extend_from_slice(bytes);
        }
        let index = serde_json::to_vec(&index).map_err(|e| e.to_string())?;
        let mut bytes = u32::try_from(index.len()).map_err(|e| e.to_string())?.to_le_bytes().to_vec();
        bytes.extend_from_slice(&index);
        bytes.extend_from_slice(&body);
        packs.push(CodePack { area: area.clone(), bytes, modules: stems.clone() });
    }
    Ok(packs)
}

/// What the chunk loader needs to take modules from packs: the area being opened (set while its
/// loader runs: its modules' fetches start synchronously inside it) and its pack, fetched once and
/// kept while its modules are cut out of it (a failure is forgotten at once, so a retry fetches).
const PACK_RUNTIME: &str = r#"const __madaniPacks = new Map();
let __madaniOpening;
function __madaniArea(area, load) {
    return (...args) => {
        const outer = __madaniOpening;
        __madaniOpening = area;
        try {
            return load(...args);
        } finally {
            __madaniOpening = outer;
        }
    };
}
function __madaniPart(stem) {
    const area = __madaniOpening;
    let pack = __madaniPacks.get(area);
    if (!pack) {
        pack = fetch(new URL("__PACK_URL__".replace("@", area), import.meta.url)).then(async (r) => {
            if (!r.ok) throw Error(r.url);
            const buffer = await r.arrayBuffer();
            const size = new DataView(buffer).getUint32(0, true);
            const parts = new Map();
            let at = 4 + size;
            for (const [name, length] of JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, size)))) {
                parts.set(name, buffer.slice(at, (at += length)));
            }
            return parts;
        });
        __madaniPacks.set(area, pack);
        const forget = () => __madaniPacks.get(area) === pack && __madaniPacks.delete(area);
        pack.then(() => setTimeout(forget, 10000), forget);
    }
    return pack.then((parts) => {
        if (!parts.has(stem)) throw Error(stem);
        return new Response(parts.get(stem), { headers: { "content-type": "application/wasm" } });
    });
}
function __madaniFetcher(stem) {
    return () => {
        const src = __madaniPart(stem);
        src.catch(() => {});
        return async (imports) => WebAssembly.instantiateStreaming(src, imports);
    };
}
"#;

/// wasm-split's chunk loader (`js`, before minifying) made to take every module from `packs`.
pub fn loader(js: &str, packs: &[CodePack]) -> Result<String, String> {
    let mut js = js.to_owned();
    for stem in packs.iter().flat_map(|p| &p.modules) {
        // wasm-split's fetcher of one module (its `fetcher` in js.rs), made one call.
        let fetcher = format!(
            "() => {{\n    const src = fetch(new URL(\"./{stem}.wasm\", import.meta.url));\n    src.catch(() => {{}});\n    \
             return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}\n"
        );
        js = js.replace(&fetcher, &format!("__madaniFetcher(\"{stem}\")"));
    }
    if js.contains("fetch(new URL(") {
        return Err("the chunk loader fetches a module that no pack holds; has wasm-split's output changed?".into());
    }
    // Each area's loader runs with its area named, so that its modules come from its own pack.
    const EXPORT: &str = "export const __wasm_split_load_";
    let mut out = String::with_capacity(js.len() + 4096);
    let mut areas = Vec::new();
    let mut rest = js.as_str();
    while let Some(at) = rest.find(EXPORT) {
        out.push_str(&rest[..at]);
        out.push_str("const __madani_load_");
        rest = &rest[at + EXPORT.len()..];
        areas.push(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>());
    }
    out.push_str(rest);
    if areas.is_empty() {
        return Err("the chunk loader exports no area loader; has wasm-split's output changed?".into());
    }
    for area in areas {
        out.push_str(&format!(
            "export const __wasm_split_load_{area} = __madaniArea(\"{area}\", __madani_load_{area});\n"
        ));
    }
    Ok(format!("{}{out}", PACK_RUNTIME.replace("__PACK_URL__", PACK_URL_PLACEHOLDER)))
}
