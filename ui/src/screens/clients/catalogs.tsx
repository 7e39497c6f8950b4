import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { useI18n } from "../../i18n/I18n";
import { useAsync, type AsyncState } from "../../state/useAsync";
import { dc, type Listing } from "./api";
import { typeRow, type TypeRow } from "./rows";

/** Client and product types (DYNAMICORE 1.3 #3, #4), read once per screen and shared by its panels. */
export interface Catalogs {
  clientTypes: AsyncState<Listing>;
  productTypes: AsyncState<Listing>;
  clientType: (id: string) => TypeRow | undefined;
  productType: (id: string) => TypeRow | undefined;
}

const CatalogsContext = createContext<Catalogs | null>(null);

export function CatalogsProvider({ connectionId, children }: { connectionId: string; children: ReactNode }) {
  const clientTypes = useAsync(useCallback(() => dc.catalogClient(connectionId), [connectionId]));
  const productTypes = useAsync(useCallback(() => dc.catalogProduct(connectionId), [connectionId]));
  const value = useMemo<Catalogs>(() => {
    const find = (l: Listing | undefined) => (id: string) => l?.data.map(typeRow).find((r) => r.id === id);
    return { clientTypes, productTypes, clientType: find(clientTypes.data), productType: find(productTypes.data) };
  }, [clientTypes, productTypes]);
  return <CatalogsContext.Provider value={value}>{children}</CatalogsContext.Provider>;
}

export function useCatalogs(): Catalogs {
  const v = useContext(CatalogsContext);
  if (!v) throw new Error("useCatalogs outside CatalogsProvider");
  return v;
}

/**
 * A client or product type for a form: picked from the catalog, or typed as
 * an id while the catalog is empty or unread. `field` is what `Field` gives.
 */
export function TypePicker({
  field,
  types,
  value,
  onChange,
  testId,
}: {
  field: { id: string; "aria-invalid": boolean; "aria-describedby"?: string };
  types: TypeRow[];
  value: string;
  onChange: (id: string) => void;
  testId: string;
}) {
  const { t } = useI18n();
  if (!types.length) {
    return <input {...field} inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />;
  }
  return (
    <select {...field} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{t("common.select")}</option>
      {types.map((ty) => (
        <option key={ty.id} value={ty.id}>
          {ty.name} (#{ty.id})
        </option>
      ))}
    </select>
  );
}

/** A type's name, or its id when the catalog does not know it (yet). */
export function typeLabel(row: TypeRow | undefined, id: string): string {
  return row?.name || (id ? `#${id}` : "");
}
