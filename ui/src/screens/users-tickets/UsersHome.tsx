import { useCallback, useState, type FormEvent } from "react";
import { api, type Connection } from "../../api";
import { useI18n } from "../../i18n/I18n";
import { useAsync } from "../../state/useAsync";
import { Avatar, Empty, ErrorState, Spinner } from "../../components/ui";
import { formatMs } from "../../components/format";

export function UsersHome({
  connection,
  onOpen,
  onCreate,
}: {
  connection: Connection;
  onOpen: (id: number) => void;
  onCreate: () => void;
}) {
  const { t, locale } = useI18n();
  const [idText, setIdText] = useState("");
  const [invalid, setInvalid] = useState(false);
  const recent = useAsync(useCallback(() => api.boRecentUsers(connection.id), [connection.id]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = idText.trim();
    if (!/^\d+$/.test(trimmed)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onOpen(Number(trimmed));
  };

  return (
    <section className="screen">
      <div className="screen-head">
        <h1>{t("users.title")}</h1>
        <button type="button" className="btn btn-primary" onClick={onCreate} data-testid="user-create-button">
          + {t("users.new")}
        </button>
      </div>

      <div className="card">
        <form className="open-user" onSubmit={submit}>
          <label htmlFor="user-id-input">{t("users.openById")}</label>
          <div className="input-row">
            <input
              id="user-id-input"
              data-testid="user-id-input"
              inputMode="numeric"
              autoComplete="off"
              placeholder={t("users.idPlaceholder")}
              value={idText}
              onChange={(e) => setIdText(e.target.value)}
              aria-invalid={invalid}
              autoFocus
            />
            <button type="submit" className="btn btn-primary" data-testid="user-open-button">
              {t("users.open")}
            </button>
          </div>
          {invalid && <div className="field-error">{t("users.invalidId")}</div>}
        </form>
      </div>

      <div className="card">
        <div className="card-head">
          <h2>{t("users.recent")}</h2>
          <button type="button" className="btn btn-ghost btn-sm" onClick={recent.reload}>
            {t("common.refresh")}
          </button>
        </div>
        {recent.loading && !recent.data ? (
          <Spinner />
        ) : recent.error ? (
          <ErrorState error={recent.error} onRetry={recent.reload} />
        ) : !recent.data?.length ? (
          <Empty>{t("users.recentEmpty")}</Empty>
        ) : (
          <ul className="list">
            {recent.data.map((u) => (
              <li key={u.id}>
                <button type="button" className="list-item" onClick={() => onOpen(u.id)} data-testid="recent-user">
                  <Avatar name={u.displayName || u.username} />
                  <span className="list-item-main">
                    <span className="strong">{u.displayName || u.username}</span>
                    <span className="muted">
                      @{u.username} · #{u.id}
                    </span>
                  </span>
                  <span className="muted small">{t("users.syncedAt", { when: formatMs(u.syncedAtMs, locale) })}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
