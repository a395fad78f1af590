using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderOrleans.Testing;

namespace OrderOrleans.Tests.Api;

/// <summary>A GraphQL WebSocket client (graphql-transport-ws) as an integrator would write one.</summary>
public static class GraphQLSocketClient
{
    public static async Task<ClientWebSocket> Connect(this HttpClient http)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        socket.Options.SetRequestHeader("X-Api-Key", SiloApp.TestKey);
        await socket.ConnectAsync(new UriBuilder(http.BaseAddress!) { Scheme = "ws", Path = "/graphql" }.Uri, CancellationToken.None);
        await socket.Send(new { type = "connection_init" });
        (await socket.Receive())["type"]!.GetValue<string>().ShouldBe("connection_ack");
        return socket;
    }

    /// <summary>Subscribes to every order's events; the pong after it says the subscription is in place.</summary>
    public static async Task Subscribe(this WebSocket socket, string id)
    {
        await socket.Send(new { id, type = "subscribe", payload = new { query = "subscription { orderEvents { orderId customerId version type } }" } });
        await socket.Send(new { type = "ping" });
        (await socket.Receive())["type"]!.GetValue<string>().ShouldBe("pong");
    }

    public static Task Send(this WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message, within <paramref name="within"/> (10 s unless given).</summary>
    public static async Task<JsonNode> Receive(this WebSocket socket, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += received.Count;
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(buffer.AsSpan(0, length))!;
            }
        }
    }
}
