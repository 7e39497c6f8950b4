import { useCallback } from "react";
import { api, type Catalog, type CatalogEntry } from "../../api";
import { useAsync } from "../../state/useAsync";

// Catalogs rarely change: fetch each once per connection and session.
const cache = new Map<string, Promise<CatalogEntry[]>>();

export function loadCatalog(connectionId: string, catalog: Catalog): Promise<CatalogEntry[]> {
  const key = `${connectionId}\u0000${catalog}`;
  let p = cache.get(key);
  if (!p) {
    p = api.op("backoffice", connectionId, "catalog.list", { catalog });
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

export function clearCatalogCache() {
  cache.clear();
}

export function useCatalog(connectionId: string, catalog: Catalog) {
  return useAsync(useCallback(() => loadCatalog(connectionId, catalog), [connectionId, catalog]));
}
