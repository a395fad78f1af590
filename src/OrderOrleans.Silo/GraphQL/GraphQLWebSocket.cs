using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using OrderOrleans.Silo.Endpoints;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// One client's WebSocket in the <c>graphql-transport-ws</c> protocol: <c>connection_init</c>/<c>connection_ack</c>, then
/// <c>subscribe</c> (answered by <c>next</c>s and a <c>complete</c>, or an <c>error</c>), <c>complete</c> from the client to
/// stop one, and <c>ping</c>/<c>pong</c>. The upgrade request is authenticated like any other (X-Api-Key); each operation
/// is admitted as an HTTP request is (rate limit, subscriptions per key). At most <c>GraphQL:SocketBufferMessages</c>
/// (1,000) messages wait for a client that does not read; past that the socket is closed (1008) rather than buffered.
/// </summary>
public sealed partial class GraphQLWebSocket(HttpContext http, WebSocket socket, IGraphQLTextSerializer serializer) : IDisposable
{
    public const string Protocol = "graphql-transport-ws";
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The protocol's limit for <c>connection_init</c> after the socket opens.</summary>
    private static readonly TimeSpan s_initTimeout = TimeSpan.FromSeconds(10);
    private const int MaxMessageBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);
    private readonly int _buffer = BufferOf(http);
    private readonly Channel<OperationMessage> _outgoing = Channel.CreateBounded<OperationMessage>(new BoundedChannelOptions(BufferOf(http)) { SingleReader = true });
    private readonly GraphContext _context = new(http, overSocket: true);
    private readonly CancellationTokenSource _tooSlow = new();
    private bool _acknowledged;
    private volatile bool _done;

    public async Task RunAsync()
    {
        var sending = SendLoop();
        using var init = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        init.CancelAfter(s_initTimeout);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var message = await ReceiveAsync(_acknowledged ? http.RequestAborted : init.Token);
                if (message is null || !await HandleAsync(message))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!_acknowledged && !http.RequestAborted.IsCancellationRequested)
        {
            await CloseAsync((WebSocketCloseStatus)4408, "Connection initialisation timeout");
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            _done = true;
            foreach (var subscription in _subscriptions.Values)
            {
                subscription.Dispose();
            }
            _outgoing.Writer.TryComplete();
            await sending;
        }
    }

    /// <summary>False when the socket was closed for a protocol error.</summary>
    private async Task<bool> HandleAsync(OperationMessage message)
    {
        switch (message.Type)
        {
            case "connection_init" when _acknowledged:
                return await CloseAsync((WebSocketCloseStatus)4429, "Too many initialisation requests");
            case "connection_init":
                _acknowledged = true;
                Send(new OperationMessage { Type = "connection_ack" });
                return true;
            case "ping":
                Send(new OperationMessage { Type = "pong" });
                return true;
            case "pong":
                return true;
            case "subscribe" when !_acknowledged:
                return await CloseAsync((WebSocketCloseStatus)4401, "Unauthorized");
            case "subscribe" when message.Id is null:
                return await CloseAsync((WebSocketCloseStatus)4400, "subscribe needs an id");
            case "subscribe" when _subscriptions.ContainsKey(message.Id):
                return await CloseAsync((WebSocketCloseStatus)4409, $"Subscriber for {message.Id} already exists");
            case "subscribe":
                await SubscribeAsync(message.Id, serializer.ReadNode<GraphQLRequest>(message.Payload));
                return true;
            case "complete":
                if (message.Id is not null && _subscriptions.TryRemove(message.Id, out var stopped))
                {
                    stopped.Dispose();
                }
                return true;
            default:
                return await CloseAsync((WebSocketCloseStatus)4400, $"Unknown message type '{message.Type}'");
        }
    }

    private async Task SubscribeAsync(string id, GraphQLRequest? request)
    {
        var result = await GraphQLHosting.ExecuteAsync(_context, request ?? new GraphQLRequest());
        if (result.Streams is { Count: > 0 } streams)
        {
            _subscriptions[id] = streams.Values.First().Subscribe(new Forward(this, id));
        }
        else if (result.Data is null && result.Errors is { Count: > 0 })
        {
            Send(new OperationMessage { Id = id, Type = "error", Payload = JsonNode.Parse(serializer.Serialize(result))!["errors"] });
        }
        else
        {
            // A query or mutation over the socket: one result, then complete.
            Send(new OperationMessage { Id = id, Type = "next", Payload = result });
            Send(new OperationMessage { Id = id, Type = "complete" });
        }
    }

    public void Dispose() => _tooSlow.Dispose();

    private static int BufferOf(HttpContext http) => http.RequestServices.GetRequiredService<IConfiguration>().GetValue("GraphQL:SocketBufferMessages", 1000);

    private void Send(OperationMessage message)
    {
        // A write fails when the buffer is full, or once the socket is done (then there is nobody to fall behind).
        if (!_outgoing.Writer.TryWrite(message) && !_done && _outgoing.Reader.Count >= _buffer && !_tooSlow.IsCancellationRequested)
        {
            LogTooSlow(http.RequestServices.GetRequiredService<ILogger<GraphQLWebSocket>>(), _context.Caller, _outgoing.Reader.Count, _subscriptions.Count);
            try
            {
                _tooSlow.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The socket ended between the check and here.
            }
        }
    }

    /// <summary>Sends in order, one message at a time, as a WebSocket requires; closes a socket whose client fell behind.</summary>
    private async Task SendLoop()
    {
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _tooSlow.Token);
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(sending.Token))
            {
                var bytes = Encoding.UTF8.GetBytes(serializer.Serialize(message));
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, sending.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away, or fell too far behind: nothing more to send.
        }
        if (_tooSlow.IsCancellationRequested)
        {
            await CloseTooSlowAsync();
        }
    }

    /// <summary>Says why when the socket can still take a frame, and ends it either way, so receiving stops too.</summary>
    private async Task CloseTooSlowAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(s_closeTimeout);
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "Too far behind: read the socket's messages", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        socket.Abort();
    }

    private async Task<OperationMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        var length = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "Bye");
                return null;
            }
            length += received.Count;
            if (received.EndOfMessage)
            {
                try
                {
                    return serializer.Deserialize<OperationMessage>(Encoding.UTF8.GetString(buffer, 0, length));
                }
                catch (System.Text.Json.JsonException)
                {
                    await CloseAsync((WebSocketCloseStatus)4400, "Messages must be JSON objects of the protocol");
                    return null;
                }
            }
            if (length == buffer.Length)
            {
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {MaxMessageBytes} bytes");
                return null;
            }
        }
    }

    private async Task<bool> CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseAsync(status, reason, CancellationToken.None);
        }
        return false;
    }

    [LoggerMessage(1, LogLevel.Warning, "GraphQL WebSocket of {Caller} closed: {Queued} messages waited unread, over the socket's buffer ({Subscriptions} subscriptions)")]
    private static partial void LogTooSlow(ILogger logger, string caller, int queued, int subscriptions);

    /// <summary>Each result of a subscription's stream as a <c>next</c>; its end as <c>complete</c>.</summary>
    private sealed class Forward(GraphQLWebSocket socket, string id) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) => socket.Send(new OperationMessage { Id = id, Type = "next", Payload = value });

        /// <summary>A stream that failed (its feed lost storage, say): one error with the REST code, as a query's errors carry it.</summary>
        public void OnError(Exception error)
        {
            var (message, code) = error is ExecutionError { Code: { } known } ? (error.Message, known) : Describe(error);
            socket._subscriptions.TryRemove(id, out _);
            socket.Send(new OperationMessage { Id = id, Type = "error", Payload = new[] { new { message, extensions = new { code } } } });
        }

        private static (string Message, string Code) Describe(Exception error)
        {
            var (_, _, detail, code) = ApiExceptionHandler.Classify(error);
            return (detail, code);
        }

        public void OnCompleted()
        {
            socket._subscriptions.TryRemove(id, out _);
            socket.Send(new OperationMessage { Id = id, Type = "complete" });
        }
    }
}
