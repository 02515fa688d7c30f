import { Field } from "../../components/Field";
import { QueryState } from "../../components/QueryState";
import { StatusBadge } from "../../components/StatusBadge";
import { useUrlState } from "../../hooks/useUrlState";
import { formatDuration, formatNumber, shortId } from "../../lib/format";
import {
  ITEM_FILTER_KEYS,
  ITEMS_PAGE_SIZE,
  OUTCOMES,
  useEvaluationItems,
  type EvaluationItem,
  type ItemVerdict,
  type Outcome,
} from "./api";
import { Pager } from "./Pager";

type Props = {
  evaluationId: string;
  status: string;
  judges: string[];
};

/**
 * The evaluated items, prompt / expected / output side by side with every judge's verdict.
 * `?judge=&outcome=&offset=` in the URL filter and page it, so a failure list is a link.
 */
export function ItemTable({ evaluationId, status, judges }: Props) {
  const [url, setUrl] = useUrlState(ITEM_FILTER_KEYS);
  const outcome = OUTCOMES.includes(url.outcome as Outcome)
    ? (url.outcome as Outcome)
    : null;
  const judge = judges.includes(url.judge) ? url.judge : (judges[0] ?? "");
  const offset = Number(url.offset) || 0;
  const items = useEvaluationItems(evaluationId, status, {
    judge: judge || null,
    outcome,
    offset,
  });

  return (
    <section className="eval-items" aria-labelledby="eval-items-heading">
      <h2 id="eval-items-heading">Items</h2>
      <div className="filters" role="search" aria-label="Filter items">
        <Field label="Judge">
          <select
            value={judge}
            onChange={(e) => setUrl({ judge: e.target.value, offset: null })}
          >
            {judges.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Outcome">
          <select
            value={outcome ?? ""}
            onChange={(e) =>
              setUrl({
                outcome: e.target.value,
                // The judge goes into the URL too, so the link says whose verdict it is.
                judge: e.target.value ? judge : url.judge || null,
                offset: null,
              })
            }
          >
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <QueryState
        query={items}
        what="items"
        isEmpty={(page) => page.data.length === 0}
        empty={
          outcome
            ? `No item got “${outcome}” from ${judge}.`
            : status === "succeeded"
              ? "This evaluation has no items."
              : "Items appear when the evaluation has finished."
        }
      >
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="table eval-item-table" aria-label="Items">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      #
                    </th>
                    <th scope="col">Prompt</th>
                    <th scope="col">Expected</th>
                    <th scope="col">Output</th>
                    <th scope="col">Verdicts</th>
                    <th scope="col" className="num">
                      Latency
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((item) => (
                    <ItemRow key={item.position} item={item} first={judge} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              offset={offset}
              pageSize={ITEMS_PAGE_SIZE}
              shown={page.data.length}
              nextOffset={page.pagination.next_offset}
              onOffset={(o) => setUrl({ offset: o ? String(o) : null })}
              what="items"
            />
          </>
        )}
      </QueryState>
    </section>
  );
}

function ItemRow({ item, first }: { item: EvaluationItem; first: string }) {
  // The filtered judge's verdict first, the others after it.
  const verdicts = Object.entries(item.scores).sort(
    ([a], [b]) => Number(b === first) - Number(a === first),
  );
  return (
    <tr>
      <td className="num">{item.position + 1}</td>
      <td>
        <pre className="eval-text">{item.prompt}</pre>
        <small className="muted mono" title={item.trace_id}>
          trace {shortId(item.trace_id)}
        </small>
      </td>
      <td>
        {item.expected_answer === null ? (
          <span className="muted">none</span>
        ) : (
          <pre className="eval-text">{item.expected_answer}</pre>
        )}
      </td>
      <td>
        <pre className="eval-text">{item.output}</pre>
        <small className="muted">
          {item.output_tokens} tokens
          {item.finish_reason ? ` · ${item.finish_reason}` : ""}
        </small>
      </td>
      <td>
        {verdicts.map(([judge, verdict]) => (
          <Verdict key={judge} judge={judge} verdict={verdict} />
        ))}
      </td>
      <td className="num">{formatDuration(item.latency_s)}</td>
    </tr>
  );
}

function Verdict({ judge, verdict }: { judge: string; verdict: ItemVerdict }) {
  const reason = verdict.details.reason;
  return (
    <div className="eval-verdict">
      <div>
        <span className="eval-verdict-judge">{judge}</span>{" "}
        <StatusBadge status={verdict.outcome} />{" "}
        {verdict.score !== null && (
          <span className="mono">{formatNumber(verdict.score, 3)}</span>
        )}
      </div>
      {typeof reason === "string" && reason && (
        <div className="eval-verdict-reason">{reason}</div>
      )}
      <details>
        <summary>Details</summary>
        <pre className="block">{JSON.stringify(verdict.details, null, 2)}</pre>
      </details>
    </div>
  );
}
