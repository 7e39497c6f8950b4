import { useCallback } from "react";
import { api } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { Avatar, Empty, ErrorState, Spinner } from "../../components/ui";

export function ProductsTab({ connectionId, userId }: { connectionId: string; userId: number }) {
  const { t, locale } = useI18n();
  const q = useAsync(useCallback(() => api.op("backoffice", connectionId, "user.products", { userId }), [connectionId, userId]));
  if (q.loading && !q.data) return <Spinner />;
  if (q.error && !q.data) return <ErrorState error={q.error} onRetry={q.reload} />;
  if (!q.data?.length) return <Empty>{t("products.empty")}</Empty>;
  return (
    <div className="stat-grid">
      {q.data.map((p) => (
        <div className="card product" key={p.id} data-testid="product-card">
          <Avatar name={p.plan} />
          <div>
            <div className="strong">{p.plan}</div>
            <div className="num muted">
              {formatPrice(p.price, p.currency, locale)}
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}

function formatPrice(price: number, currency: string, locale: string): string {
  try {
    return price.toLocaleString(locale, { style: "currency", currency });
  } catch {
    return `${price.toLocaleString(locale)} ${currency}`;
  }
}
