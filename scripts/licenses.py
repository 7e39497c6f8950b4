"""Merges `cargo metadata` and license-checker output into the About panel's table."""
import json
import sys

ROOTS = {"ventanilla", "ventanilla-cli"}


def rust(meta):
    members = set(meta["workspace_members"])
    pkgs = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    # Only "normal" edges: build scripts and dev-dependencies are not shipped.
    todo = [i for i in members if pkgs[i]["name"] in ROOTS]
    seen = set()
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        for d in nodes[i]["deps"]:
            if any(k["kind"] is None for k in d["dep_kinds"]):
                todo.append(d["pkg"])
    out = []
    for i in seen - members:
        p = pkgs[i]
        lic = p.get("license") or ("see " + p["license_file"] if p.get("license_file") else "UNKNOWN")
        out.append({"name": p["name"], "version": p["version"], "license": lic, "kind": "rust"})
    return out


def npm(checker):
    out = []
    for key, v in checker.items():
        name, _, version = key.rpartition("@")
        lic = v.get("licenses", "UNKNOWN")
        if isinstance(lic, list):
            lic = " OR ".join(lic)
        out.append({"name": name, "version": version, "license": lic, "kind": "npm"})
    return out


with open(sys.argv[1]) as f:
    meta = json.load(f)
with open(sys.argv[2]) as f:
    checker = json.load(f)
rows = sorted(rust(meta) + npm(checker), key=lambda r: (r["kind"], r["name"].lower(), r["version"]))
print("[")
print(",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows))
print("]")
