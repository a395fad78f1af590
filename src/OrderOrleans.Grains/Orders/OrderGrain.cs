using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderOrleans.Contracts;
using OrderOrleans.Contracts.Orders;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Grains.Delivery;
using OrderOrleans.Grains.EventLog;
using OrderOrleans.Grains.PersonalData;
using OrderOrleans.Grains.Projections;
using Orleans.EventSourcing;
using Orleans.EventSourcing.CustomStorage;
using Orleans.Providers;

namespace OrderOrleans.Grains.Orders;

/// <summary>
/// One order. It orchestrates and decides nothing itself: dedupe the command, check the expected version,
/// let <see cref="OrderRules"/> decide, raise the events and wait for the log to confirm them, then hand them to the
/// silo's <see cref="EventPublisher"/> (with the order's summary after them) and answer.
/// The log entry is the <see cref="EventEnvelope"/> (event + metadata), so what is raised is exactly what is stored.
/// </summary>
[LogConsistencyProvider(ProviderName = OrderOrleansProviders.EventLog)]
public sealed class OrderGrain(
    OrderEventLog log,
    OrderHistoryReader history,
    OrderQueries queries,
    SnapshotStore snapshots,
    ClientKeyRegistry clientKeys,
    PersonalDataKeys personalKeys,
    EventPublisher publisher,
    InFlightOrders inFlight,
    TimeProvider time,
    IOptions<OrderOrleansOptions> options,
    ILogger<OrderGrain> logger)
    : JournaledGrain<OrderState, EventEnvelope>, IOrderGrain, ICustomStorageInterface<OrderState, EventEnvelope>
{
    private readonly CommandIndex _commands = new();
    private Exception? _loadFailure;
    private bool _active;
    private bool _holdsErased;
    private TaskCompletionSource<Exception>? _writeFailure;

    private string OrderId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken); // waits for the adaptor's initial read
        if (_loadFailure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        _active = true;
        if (State.Exists)
        {
            // One-way: the projection checks its view against the log, activation does not wait for it. A silo that went
            // away may have taken this order's last changes with it, before its publisher sent them.
            await GrainFactory.Grain<IOrderProjectionGrain>(OrderId).CatchUp(Version);
        }
    }

    public async Task<CommandResult> Execute(OrderCommand command)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await Decide(command);
        ServiceMetrics.CommandDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        ServiceMetrics.Command(StoredNames.Of(command), result.Error?.Code ?? (result.Replayed ? "replayed" : "ok"));
        return result;
    }

    public Task<OrderView?> GetOrder() => Task.FromResult(State.Exists ? State.ToView() : null);

    public async Task<IReadOnlyList<StoredEvent>?> GetEvents(int fromVersion, int limit) =>
        State.Exists ? await Bounded(queries.EventsAsync(OrderId, Version, fromVersion, limit)) : null;

    public Task<Answer<OrderView>> GetHistory(int? version, DateTimeOffset? at) =>
        State.Exists ? Bounded(queries.AtAsync(OrderId, Version, version, at)) : Task.FromResult<Answer<OrderView>>(OrderErrors.NotFound);

    public Task<Answer<ReplayResult>> Replay(ReplayRequest request) =>
        State.Exists ? Bounded(queries.ReplayAsync(OrderId, Version, request)) : Task.FromResult<Answer<ReplayResult>>(OrderErrors.NotFound);

    /// <summary>
    /// A storage call the caller waits for at most CommandTimeout, then hears "unavailable" (503): storage that hangs (a
    /// stopped process) would otherwise hold it for every retry's network timeout. The call itself may still finish.
    /// </summary>
    private Task<T> Bounded<T>(Task<T> call) => call.WaitAsync(options.Value.CommandTimeout);

    private Task Bounded(Task call) => call.WaitAsync(options.Value.CommandTimeout);

    public Task Unload()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<int> EraseClearPersonalData()
    {
        // Here rather than from outside: no command of this order can append while its rows are rewritten.
        var rewritten = await log.EraseClearPersonalDataAsync(OrderId);
        await snapshots.DeleteAllAsync(OrderId);
        DeactivateOnIdle();
        return rewritten;
    }

    private async Task<CommandResult> Decide(OrderCommand command)
    {
        var context = command.Context;
        if (UnconfirmedEvents.Any())
        {
            // An earlier command is still waiting for storage; deciding on top of it would build on the unconfirmed.
            return CommandResult.Fail(OrderErrors.Unavailable);
        }
        var fingerprint = context.IsClientKey ? CommandFingerprint.Of(command) : null;
        if (context.IsClientKey && await Bounded(FindCommand(context.CommandId)) is { } seen)
        {
            // The same key asking for something else is a client's mistake, not a retry: say so rather than replay.
            return seen.Fingerprint is { } earlier && earlier != fingerprint
                ? CommandResult.Fail(OrderErrors.KeyReused(CommandFingerprint.TypeOf(earlier), StoredNames.Of(command)))
                : CommandResult.Ok(await ViewAt(seen.ToVersion), replayed: true);
        }
        await publisher.PaceAsync();
        if (publisher.IsFull)
        {
            // The read side is this far behind: refuse new work (503 + Retry-After) rather than pile it up.
            return CommandResult.Fail(OrderErrors.DeliveryBacklogFull);
        }
        if (context.ExpectedVersion is { } expected && State.Exists && expected != Version)
        {
            return CommandResult.Fail(OrderErrors.StaleVersion(expected, Version));
        }

        var now = time.GetUtcNow();
        var decision = OrderRules.Decide(State, command, now);
        if (decision.Error is { } error)
        {
            return CommandResult.Fail(error);
        }

        // The order is named among this silo's in-flight orders before it appends, so that if the silo dies with the
        // change in its outbox another silo knows to catch this order up; stored in parallel with the key's claim.
        var named = inFlight.Ensure(OrderId);
        if (context.IsCallerKey && await ClaimKey(context.CommandId) is { } keyError)
        {
            await named.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            return CommandResult.Fail(keyError);
        }
        if (!await Stored(Bounded(named)))
        {
            return CommandResult.Fail(OrderErrors.Unavailable);
        }

        var metadata = new EventMetadata(now, context.CommandId, context.CorrelationId, context.CommandId, context.UserId, fingerprint);
        var envelopes = new EventEnvelope[decision.Events.Count];
        for (var i = 0; i < envelopes.Length; i++)
        {
            envelopes[i] = new EventEnvelope(OrderId, Version + 1 + i, decision.Events[i], metadata);
        }

        switch (await Confirm(envelopes))
        {
            case Confirmation.Confirmed:
                await SnapshotIfDue(envelopes.Length);
                return CommandResult.Ok(_holdsErased ? await Forget() : State.ToView());
            case Confirmation.Unconfirmed:
                return CommandResult.Fail(OrderErrors.Unavailable);
        }
        // The log refused the append: either this command landed in an earlier, unanswered attempt, or another writer won.
        if (await log.FindCommandAsync(OrderId, context.CommandId) is { } landed)
        {
            return CommandResult.Ok(await ViewAt(landed.ToVersion));
        }
        ServiceMetrics.Conflicts.Add(1);
        return CommandResult.Fail(OrderErrors.VersionConflict(Version));
    }

    private static async Task<bool> Stored(Task write)
    {
        try
        {
            await write;
            return true;
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException or Azure.RequestFailedException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A caller's key is claimed before its first append, so the same key sent to another order is refused.</summary>
    private async Task<OrderError?> ClaimKey(string commandId)
    {
        try
        {
            return await Bounded(clientKeys.ClaimAsync(commandId, OrderId)) is { } otherOrder ? OrderErrors.KeyUsedOnOtherOrder(otherOrder) : null;
        }
        catch (Exception ex) when (ex is EventStoreUnavailableException or TimeoutException)
        {
            return OrderErrors.Unavailable;
        }
    }

    /// <summary>
    /// Raises the events conditionally (dropped if the log moved on) and waits for the outcome, bounded: when storage
    /// fails, the caller hears at once and the events stay pending in the adaptor, which retries them; the CommandId on
    /// the event rows makes that retry land at most once.
    /// </summary>
    private async Task<Confirmation> Confirm(EventEnvelope[] envelopes)
    {
        _writeFailure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var confirmed = RaiseConditionalEvents(envelopes);
        try
        {
            var first = await Task.WhenAny(confirmed, _writeFailure.Task).WaitAsync(options.Value.CommandTimeout);
            if (first == confirmed)
            {
                return await confirmed ? Confirmation.Confirmed : Confirmation.Refused;
            }
            OrderGrainLog.CommandUnconfirmed(logger, OrderId, envelopes[0].Metadata.CommandId, await _writeFailure.Task);
            return Confirmation.Unconfirmed;
        }
        catch (TimeoutException ex)
        {
            OrderGrainLog.CommandUnconfirmed(logger, OrderId, envelopes[0].Metadata.CommandId, ex);
            return Confirmation.Unconfirmed;
        }
        finally
        {
            _writeFailure = null;
        }
    }

    async Task<KeyValuePair<int, OrderState>> ICustomStorageInterface<OrderState, EventEnvelope>.ReadStateFromStorage()
    {
        try
        {
            using var budget = new CancellationTokenSource(options.Value.CommandTimeout);
            return await LoadAsync(budget.Token);
        }
        catch (Exception ex) when (!_active)
        {
            // The adaptor retries a failed read forever, which would hang activation (and deactivation) while storage
            // is down. Instead end its initial read with an empty view that no one sees: OnActivateAsync rethrows the
            // real error, so the activation fails and the caller gets a 503 (or the unreadable row's message).
            _loadFailure = ex;
            return new KeyValuePair<int, OrderState>(0, new OrderState());
        }
    }

    async Task<bool> ICustomStorageInterface<OrderState, EventEnvelope>.ApplyUpdatesToStorage(
        IReadOnlyList<EventEnvelope> updates, int expectedVersion)
    {
        if (updates[0].Version != expectedVersion + 1)
        {
            return false;
        }
        AppendResult result;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Personal fields are sealed under the customer's current key (created with its first order), or stored as
            // erased when the customer's data was erased since this order was created.
            var personal = updates.Any(u => EventSerializer.HasPersonalData(u.Event));
            var key = personal ? await personalKeys.CurrentAsync(TentativeState) : null;
            result = await log.AppendAsync(updates, key, personalDataErased: personal && key is null);
            _holdsErased |= personal && key is null && result.Outcome != AppendOutcome.Conflict;
            ServiceMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            _writeFailure?.TrySetResult(ex);
            throw;
        }
        if (result.Outcome == AppendOutcome.Conflict)
        {
            OrderGrainLog.AppendConflict(logger, OrderId, updates[0].Version, result.CurrentVersion);
            return false;
        }
        foreach (var update in updates)
        {
            _commands.Add(update);
        }
        ServiceMetrics.EventsAppended.Add(updates.Count);
        // The log is the truth and the stream only a notification, so the command does not wait for the stream: the
        // silo's publisher takes the change (also when this append is a retry that lands after the command answered 503).
        // The tentative state is the state after these updates: nothing else is decided while they are unconfirmed.
        publisher.Accept(OrderSummaries.ChangeOf(TentativeState, updates));
        return true;
    }

    protected override void TransitionState(OrderState state, EventEnvelope @event) => state.Apply(@event);

    protected override void OnConnectionIssue(ConnectionIssue issue) =>
        OrderGrainLog.ConnectionIssue(logger, OrderId, issue.ToString() ?? "");

    /// <summary>A snapshot each time the version crosses a multiple of SnapshotEvery; a cache, so a failure only logs.</summary>
    private async Task SnapshotIfDue(int appended)
    {
        var every = options.Value.SnapshotEvery;
        if (every <= 0 || Version / every == (Version - appended) / every)
        {
            return;
        }
        try
        {
            _holdsErased |= !await snapshots.SaveAsync(State, personalKeys);
        }
        catch (Exception ex)
        {
            OrderGrainLog.SnapshotFailed(logger, OrderId, Version, ex);
        }
    }

    /// <summary>The versions a command produced: from memory when this activation has seen every event, else from the log.</summary>
    private async Task<CommandRange?> FindCommand(string commandId)
    {
        if (_commands.TryFind(commandId, out var range))
        {
            return range;
        }
        return _commands.IsComplete ? null : await log.FindCommandAsync(OrderId, commandId, _commands.IndexedAfter);
    }

    /// <summary>
    /// This activation holds personal fields in clear that an erasure reached while it ran: the answer comes from the log
    /// as every later reader sees it, and the activation goes, taking the clear copy with it.
    /// </summary>
    private async Task<OrderView> Forget()
    {
        DeactivateOnIdle();
        return (await history.FoldAsync(OrderId, Version)).State.ToView();
    }

    private async Task<OrderView> ViewAt(int version) =>
        version == Version ? State.ToView() : (await history.FoldAsync(OrderId, version)).State.ToView();

    private async Task<KeyValuePair<int, OrderState>> LoadAsync(CancellationToken cancellationToken)
    {
        var folded = new List<EventEnvelope>();
        var fold = await history.FoldCurrentAsync(OrderId, options.Value.SnapshotEvery, folded.Add, cancellationToken);
        _commands.Reset(fold.SnapshotVersion ?? 0);
        foreach (var envelope in folded)
        {
            _commands.Add(envelope);
        }
        return new KeyValuePair<int, OrderState>(fold.State.Version, fold.State);
    }

    private enum Confirmation
    {
        Confirmed,
        Refused,
        Unconfirmed,
    }
}
