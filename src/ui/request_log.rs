//! Every API call of this page: method, path, status, duration, and its curl command.

use leptos::prelude::*;

use super::copy::CopyButton;
use super::state::ConsoleState;

#[component]
pub fn RequestLog(state: ConsoleState) -> impl IntoView {
    // Static per render: the console rebuilds its body when the language changes.
    let texts = state.language.get_untracked().texts();
    view! {
        <details class="rrc-log">
            <summary>{texts.request_log} " (" {move || state.log.with(Vec::len)} ")"</summary>
            {move || state.log.with(Vec::is_empty).then(|| view! { <p class="rrc-hint">{texts.log_empty}</p> })}
            <table class="rrc-log-table">
                <thead><tr>
                    <th scope="col">{texts.method}</th>
                    <th scope="col">{texts.path}</th>
                    <th scope="col">{texts.status}</th>
                    <th scope="col">{texts.duration}</th>
                    <th scope="col">"curl"</th>
                </tr></thead>
                <tbody>
                    {move || state.log.get().into_iter().rev().map(|record| {
                        let status = record.status.map(|s| s.to_string()).unwrap_or_else(|| "—".into());
                        let failed = record.outcome.is_some();
                        let curl = record.curl.clone();
                        view! {
                            <tr class:rrc-log-failed=failed title=record.outcome.clone().unwrap_or_default()>
                                <td>{record.method.as_str()}</td>
                                <td class="rrc-log-path">{record.path.clone()}</td>
                                <td>{status}</td>
                                <td>{format!("{} ms", record.duration_ms.max(0.0).round() as u64)}</td>
                                <td><CopyButton state text=Signal::derive(move || curl.clone()) what="curl" /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}
