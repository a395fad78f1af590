using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderOrleans.Silo.Endpoints;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>What one key can make a silo do through GraphQL is bounded: document size, subscriptions, scopes, rate, buffers.</summary>
public sealed class GraphQLLimitsTests : IAsyncLifetime
{
    private SiloApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // A small socket buffer and stream cap, so each limit is met within a few requests.
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString)
        {
            Settings = { ["RateLimit:FeedStreamsPerKey"] = "3", ["GraphQL:SocketBufferMessages"] = "20" },
        };
        _app.UseKestrel(0);
        _app.StartServer();
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Hostile GraphQL requests, each answered at once with its status and code, nothing run.</summary>
    public static TheoryData<string, int, string> HostileRequests => new()
    {
        { "query { ...F0 } " + string.Concat(Enumerable.Range(0, 24).Select(i => i < 23 ? $"fragment F{i} on Query {{ __typename ...F{i + 1} ...F{i + 1} }} " : $"fragment F{i} on Query {{ __typename }}")), 400, "request.too-complex" },
        { "{ " + string.Concat(Enumerable.Range(0, 1001).Select(i => $"a{i}: __typename ")) + "}", 400, "request.too-complex" },
        { "mutation { " + string.Concat(Enumerable.Range(0, 300).Select(i => $"c{i}: createOrder(input: {{ customerId: \"C\" }}) {{ orderId }} ")) + "}", 400, "request.too-complex" },
        { "{ " + string.Concat(Enumerable.Range(0, 500).Select(i => $"o{i}: order(id: \"X-{i}\") {{ orderId }} ")) + "}", 400, "request.too-complex" },
        { "subscription { orderEvents { orderId } }", 400, "request.invalid" },
    };

    [Theory]
    [MemberData(nameof(HostileRequests))]
    public async Task A_hostile_GraphQL_request_is_refused_before_it_runs(string query, int status, string code)
    {
        var orders = await _http.GetJson("/api/orders?pageSize=1");
        var response = await _http.PostAsJsonAsync("/graphql", new { query });
        ((int)response.StatusCode).ShouldBe(status, await response.Content.ReadAsStringAsync());
        (await response.Json())["errors"]![0]!["extensions"]!["code"]!.GetValue<string>().ShouldBe(code);
        (await _http.GetJson("/api/orders?pageSize=1"))["totalCount"]!.GetValue<int>().ShouldBe(orders["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_fragment_bomb_is_refused_before_validation_and_fragments_within_bounds_still_run()
    {
        // Each fragment spreads the next twice: 2^24 fields once expanded, in 1.2 KB of text.
        var bomb = new StringBuilder("query { ...F0 }");
        for (var i = 0; i < 24; i++)
        {
            bomb.Append(i < 23 ? $" fragment F{i} on Query {{ __typename ...F{i + 1} ...F{i + 1} }}" : $" fragment F{i} on Query {{ __typename }}");
        }
        var refused = await _http.PostAsJsonAsync("/graphql", new { query = bomb.ToString() });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await refused.Json())["errors"]![0]!;
        error["extensions"]!["code"]!.GetValue<string>().ShouldBe("request.too-complex");
        error["message"]!.GetValue<string>().ShouldContain("1000 fields");

        var within = await _http.PostAsJsonAsync("/graphql", new
        {
            query = "query { ...A } fragment A on Query { projections { ...B } } fragment B on ProjectionStatus { name state }",
        });
        within.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await within.Json())["data"]!["projections"]!.AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_subscription_over_HTTP_is_a_400_that_subscribes_nothing()
    {
        var response = await _http.PostAsJsonAsync("/graphql", new { query = "subscription { orderEvents { orderId } }" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await response.Json())["errors"]![0]!;
        error["extensions"]!["code"]!.GetValue<string>().ShouldBe("request.invalid");
        error["message"]!.GetValue<string>().ShouldContain("WebSocket");
        // Nothing held a stream slot: the key may still open its three over a socket.
        using var socket = await _http.Connect();
        for (var i = 0; i < 3; i++)
        {
            await socket.Subscribe($"s{i}");
        }
        await socket.Send(new { type = "ping" });
        (await socket.Receive())["type"]!.GetValue<string>().ShouldBe("pong");
    }

    [Fact]
    public async Task A_write_only_key_reads_nothing_through_a_mutations_answer()
    {
        var writer = _app.ClientWithKey(SiloApp.WriterKey);
        var orderId = TestNames.OrderId("gql-scope");
        var answer = await writer.GraphQL($$"""
            mutation { createOrder(input: { orderId: "{{orderId}}", customerId: "C-SCOPE", items: [{ productId: "P", quantity: 1, unitPrice: 1 }] })
              { orderId customer { orderCount recentOrders { orderId } } } }
            """);
        answer["data"]!["createOrder"]!["orderId"]!.GetValue<string>().ShouldBe(orderId);
        answer["data"]!["createOrder"]!["customer"].ShouldBeNull();
        var (code, path, _) = await writer.Error($$"""
            mutation { createOrder(input: { customerId: "C-SCOPE" }) { orderId customer { orderCount } } }
            """);
        (code, path).ShouldBe(("auth.scope-missing", "createOrder.customer"));
        (code, path, _) = await writer.Error($$"""
            mutation { addItem(orderId: "{{orderId}}", item: { productId: "Q", quantity: 1, unitPrice: 1 }) { version events { commandId } } }
            """);
        (code, path).ShouldBe(("auth.scope-missing", "addItem.events"));
        // A reader still reads both.
        var reader = _app.ClientWithKey(SiloApp.ReaderKey);
        (await reader.Data($$"""{ order(id: "{{orderId}}") { events { commandId } } }"""))["order"]!["events"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Subscriptions_per_key_are_capped_as_the_SSE_streams_are()
    {
        using var socket = await _http.Connect();
        for (var i = 0; i < 3; i++)
        {
            await socket.Subscribe($"s{i}");
        }
        await socket.Send(new { id = "s3", type = "subscribe", payload = new { query = "subscription { orderEvents { orderId } }" } });
        var refused = await socket.Receive();
        refused["type"]!.GetValue<string>().ShouldBe("error");
        refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>().ShouldBe("feed.too-many-streams");
        // Completing one frees its slot.
        await socket.Send(new { id = "s0", type = "complete" });
        await Eventually.Until(async () =>
        {
            await socket.Send(new { id = "again", type = "subscribe", payload = new { query = "subscription { orderEvents { orderId } }" } });
            await socket.Send(new { type = "ping" });
            var reply = await socket.Receive();
            if (reply["type"]!.GetValue<string>() == "error")
            {
                (await socket.Receive())["type"]!.GetValue<string>().ShouldBe("pong");
                return false;
            }
            return reply["type"]!.GetValue<string>() == "pong";
        }, done => done, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_dropped_socket_with_subscriptions_logs_nothing()
    {
        await using var app = new SiloApp((await AzuriteServer.Shared).ConnectionString, services: s => s.AddLogging(b => b.AddFakeLogging()));
        app.UseKestrel(0);
        app.StartServer();
        var socket = await app.CreateClient().Connect();
        for (var i = 0; i < 3; i++)
        {
            await socket.Subscribe($"s{i}");
        }
        // A client that goes without the close handshake, as a dropped connection does.
        socket.Abort();
        socket.Dispose();
        // The subscriptions' feeds are closed in the background once the socket ends: wait for their slots to come back.
        var slots = app.Services.GetRequiredService<FeedStreamSlots>();
        await Eventually.Until(() => Task.FromResult(Enumerable.Range(0, 3).All(_ => slots.TryTake("test"))), all => all, TimeSpan.FromSeconds(5));
        // Orleans' own start-up notes (server GC, reminder period) aside.
        app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level >= LogLevel.Warning && !r.Category!.StartsWith("Orleans.", StringComparison.Ordinal)).Select(r => $"{r.Category}: {r.Message} {r.Exception}").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_is_closed_instead_of_buffered()
    {
        // A client with a tiny receive window that stops reading: the silo's sends block, its buffer (20) fills.
        var uri = _http.BaseAddress!;
        using var tcp = new TcpClient { ReceiveBufferSize = 1024 };
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /graphql HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\nX-Api-Key: {SiloApp.TestKey}\r\n\r\n"));
        (await ReadHeaders(stream)).ShouldStartWith("HTTP/1.1 101");
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { SubProtocol = "graphql-transport-ws" });
        await socket.Send(new { type = "connection_init" });
        (await socket.Receive())["type"]!.GetValue<string>().ShouldBe("connection_ack");
        for (var i = 0; i < 3; i++)
        {
            await socket.Subscribe($"s{i}");
        }

        // Orders whose events go to every subscription, three times over, while the client reads nothing.
        var writer = _app.ClientWithKey(SiloApp.WriterKey);
        var sent = 0;
        var closed = false;
        for (var batch = 0; batch < 40 && !closed; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Create(writer, TestNames.OrderId($"gql-slow-{batch}-{i}"))));
            sent += 10 * 2 * 3;
            closed = await EndsWhileRead(socket, TimeSpan.Zero);
        }
        // Reading now, the client gets what was on the wire and then the end of the socket, not every message sent.
        (closed || await EndsWhileRead(socket, TimeSpan.FromSeconds(20))).ShouldBeTrue();
        _received.ShouldBeLessThan(sent);
    }

    private int _received;

    /// <summary>Reads until the socket ends (true) or nothing arrives for <paramref name="quiet"/> (false); with zero, only checks.</summary>
    private async Task<bool> EndsWhileRead(WebSocket socket, TimeSpan quiet)
    {
        if (quiet == TimeSpan.Zero)
        {
            return socket.State is WebSocketState.Aborted or WebSocketState.Closed or WebSocketState.CloseReceived;
        }
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var timeout = new CancellationTokenSource(quiet);
                var received = await socket.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }
                _received += received.EndOfMessage ? 1 : 0;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            return true;
        }
    }

    private static async Task Create(HttpClient http, string orderId) =>
        (await http.PostAsJsonAsync("/api/orders", new { orderId, customerId = "C-SLOW", items = new[] { new { productId = "P", quantity = 1, unitPrice = 1m } } }))
            .EnsureSuccessStatusCode();

    private static async Task<string> ReadHeaders(Stream stream)
    {
        var headers = new StringBuilder();
        var one = new byte[1];
        while (!headers.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            headers.Append((char)one[0]);
        }
        return headers.ToString();
    }
}

/// <summary>GraphQL against a key's rate limit: a small bucket (5 a second), so it is met within a few requests.</summary>
public sealed class GraphQLRateLimitTests : IAsyncLifetime
{
    private SiloApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = new SiloApp((await AzuriteServer.Shared).ConnectionString) { PermitsPerSecond = 5 };
        _app.UseKestrel(0);
        _app.StartServer();
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Each_root_field_and_each_socket_operation_counts_against_the_keys_rate_limit()
    {
        var lookups = string.Join(" ", Enumerable.Range(0, 10).Select(i => $$"""o{{i}}: order(id: "NOPE-{{i}}") { orderId }"""));
        var limited = await _http.PostAsJsonAsync("/graphql", new { query = $"{{ {lookups} }}" });
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        (await limited.Json())["errors"]![0]!["extensions"]!["code"]!.GetValue<string>().ShouldBe("rate-limit.exceeded");

        var creates = string.Join(" ", Enumerable.Range(0, 150).Select(i => $$"""c{{i}}: createOrder(input: { customerId: "C" }) { orderId }"""));
        var tooMany = await _http.PostAsJsonAsync("/graphql", new { query = $"mutation {{ {creates} }}" });
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.Json())["errors"]![0]!["extensions"]!["code"]!.GetValue<string>().ShouldBe("request.too-complex");

        // Over a socket: queries one after another, until the bucket is empty and one is refused (with the socket open).
        using var socket = await _http.Connect();
        JsonNode? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            await socket.Send(new { id = $"q{i}", type = "subscribe", payload = new { query = "{ projections { name } }" } });
            var reply = await socket.Receive();
            if (reply["type"]!.GetValue<string>() == "error")
            {
                refused = reply;
            }
            else
            {
                (await socket.Receive())["type"]!.GetValue<string>().ShouldBe("complete");
            }
        }
        refused.ShouldNotBeNull();
        refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>().ShouldBe("rate-limit.exceeded");
        socket.State.ShouldBe(WebSocketState.Open);
    }
}
