namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// A small GraphiQL-style page at <c>/graphql/ui</c> where introspection is on (Development): an API key, a query and its
/// variables, and the answer. Static markup; everything the user types goes to <c>/graphql</c> as JSON, never into HTML.
/// </summary>
public static class GraphQLExplorer
{
    public const string Path = GraphQLHosting.Path + "/ui";

    public const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>OrderOrleans GraphQL explorer</title>
          <style>
            body { font-family: system-ui, sans-serif; margin: 1rem; max-width: 72rem; }
            label { display: block; font-weight: 600; margin-top: .75rem; }
            textarea, input { width: 100%; box-sizing: border-box; font-family: ui-monospace, monospace; font-size: .95rem; }
            textarea { min-height: 10rem; }
            button { margin-top: .75rem; padding: .5rem 1.25rem; font-size: 1rem; }
            pre { background: #f4f4f4; padding: 1rem; overflow: auto; min-height: 6rem; }
            :focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
          </style>
        </head>
        <body>
          <main>
            <h1>GraphQL explorer</h1>
            <p>Queries need an API key with <code>orders:read</code>, mutations <code>orders:write</code>. The schema is in
              <code>schema.graphql</code>; subscriptions need a WebSocket client (graphql-transport-ws).</p>
            <form id="run">
              <label for="key">API key (X-Api-Key)</label>
              <input id="key" autocomplete="off" value="local-dev-key">
              <label for="query">Query</label>
              <textarea id="query" spellcheck="false">{
          orders(first: 5) {
            totalCount
            edges { node { orderId customerId status total currency } }
            pageInfo { hasNextPage endCursor }
          }
        }</textarea>
              <label for="variables">Variables (JSON)</label>
              <textarea id="variables" spellcheck="false" style="min-height:4rem">{}</textarea>
              <button type="submit">Run</button>
            </form>
            <h2>Answer</h2>
            <pre id="answer" aria-live="polite" tabindex="0"></pre>
          </main>
          <script>
            document.getElementById('run').addEventListener('submit', async e => {
              e.preventDefault();
              const answer = document.getElementById('answer');
              let variables;
              try { variables = JSON.parse(document.getElementById('variables').value || '{}'); }
              catch (err) { answer.textContent = 'Variables are not JSON: ' + err.message; return; }
              answer.textContent = 'Running…';
              const response = await fetch('/graphql', {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'X-Api-Key': document.getElementById('key').value },
                body: JSON.stringify({ query: document.getElementById('query').value, variables })
              });
              const text = await response.text();
              try { answer.textContent = JSON.stringify(JSON.parse(text), null, 2); } catch { answer.textContent = response.status + ' ' + text; }
            });
          </script>
        </body>
        </html>
        """;
}
