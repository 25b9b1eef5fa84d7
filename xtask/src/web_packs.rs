//! Code packs: each area of pages in one file. wasm-split gives every set of areas that share code
//! a module of its own (about 700 for 14 areas), and opening one area needed 100 to 400 of them: as
//! many requests, six at a time on HTTP/1.1, which on a slow link took longer than the bytes. A
//! pack holds an area's module and every chunk it needs, one after the other; the chunk loader asks
//! the pack for a module's bytes instead of fetching it (`__madaniPart`). A chunk another area
//! already loaded is not loaded again (wasm-split's loader keeps each module once); its bytes may be
//! downloaded again in the next area's pack, which costs less than the requests did.

use std::collections::{BTreeMap, HashMap};

/// One area's pack: its name and its bytes. A pack begins with what it holds — the number of
/// modules (u32, little-endian), then for each its name's length (u16), its name and its length
/// (u32) — and the modules follow in that order; the loader reads that header, so the script every
/// visitor downloads names only the packs.
pub struct CodePack {
    pub area: String,
    pub bytes: Vec<u8>,
    /// The modules it holds (their stems).
    pub modules: Vec<String>,
}

impl CodePack {
    /// The file name before the build id is known, as the loader names it until then.
    pub fn placeholder(&self) -> String {
        format!("./pack_{}.bin", self.area)
    }

    pub fn file(&self, build_id: &str) -> String {
        format!("pack_{}-{build_id}.bin", self.area)
    }
}

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
        let mut header = Vec::new();
        let mut body = Vec::new();
        header.extend_from_slice(&u32::try_from(stems.len()).map_err(|e| e.to_string())?.to_le_bytes());
        for stem in stems {
            let bytes =
                bytes_of.get(stem.as_str()).ok_or(format!("wasm-split names {stem}, which it did not write"))?;
            header.extend_from_slice(&u16::try_from(stem.len()).map_err(|e| e.to_string())?.to_le_bytes());
            header.extend_from_slice(stem.as_bytes());
            header.extend_from_slice(&u32::try_from(bytes.len()).map_err(|e| e.to_string())?.to_le_bytes());
            body.extend_from_slice(bytes);
        }
        header.extend_from_slice(&body);
        packs.push(CodePack { area: area.clone(), bytes: header, modules: stems.clone() });
    }
    Ok(packs)
}

/// What the chunk loader needs to take modules from packs: each area's pack, and the area being
/// opened (set while its loader runs: its modules' fetches start synchronously inside it).
const PACK_RUNTIME: &str = r#"const __madaniPacks = __PACKS__;
const __madaniFetched = new Map();
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
function __madaniParts(buffer) {
    const view = new DataView(buffer);
    const text = new TextDecoder();
    const modules = [];
    let at = 4;
    for (let left = view.getUint32(0, true); left > 0; left--) {
        const n = view.getUint16(at, true);
        modules.push([text.decode(new Uint8Array(buffer, at + 2, n)), view.getUint32(at + 2 + n, true)]);
        at += 6 + n;
    }
    const parts = new Map();
    for (const [name, length] of modules) {
        parts.set(name, [at, length]);
        at += length;
    }
    return { buffer, parts };
}
function __madaniPack(area) {
    let pack = __madaniFetched.get(area);
    if (pack === undefined) {
        pack = fetch(new URL(__madaniPacks[area], import.meta.url))
            .then((r) => {
                if (!r.ok) throw new Error(`${r.status} ${r.url}`);
                return r.arrayBuffer();
            })
            .then(__madaniParts);
        __madaniFetched.set(area, pack);
        // Kept while the area's modules are cut out of it; a failure is forgotten at once.
        const forget = () => {
            if (__madaniFetched.get(area) === pack) __madaniFetched.delete(area);
        };
        pack.then(() => setTimeout(forget, 10000), forget);
    }
    return pack;
}
function __madaniFetcher(stem) {
    return () => {
        const src = __madaniPart(stem);
        src.catch(() => {});
        return async (imports) => WebAssembly.instantiateStreaming(src, imports);
    };
}
function __madaniPart(stem) {
    const area = __madaniOpening;
    if (__madaniPacks[area] === undefined) return Promise.reject(new Error(`no pack is opening for ${stem}`));
    return __madaniPack(area).then(({ buffer, parts }) => {
        const part = parts.get(stem);
        if (part === undefined) throw new Error(`${stem} is not in the pack of ${area}`);
        return new Response(buffer.slice(part[0], part[0] + part[1]), {
            headers: { "content-type": "application/wasm" },
        });
    });
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
    let table = packs.iter().map(|p| format!("\"{}\":\"{}\"", p.area, p.placeholder())).collect::<Vec<_>>().join(",");
    Ok(format!("{}{out}", PACK_RUNTIME.replace("__PACKS__", &format!("{{{table}}}"))))
}
