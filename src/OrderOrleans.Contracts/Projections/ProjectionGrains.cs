using OrderOrleans.Domain;
using Orleans.Concurrency;

namespace OrderOrleans.Contracts.Projections;

/// <summary>Projects one order again from the event log: a dead letter's retry, a repair, a catch-up after a lost message.</summary>
[Alias("IOrderProjectionGrain")]
public interface IOrderProjectionGrain : IGrainWithStringKey
{
    /// <summary>Applies the order's log again up to <paramref name="version"/> (a dead letter of <paramref name="projection"/>); throws if it still fails.</summary>
    [Alias("Retry")]
    Task Retry(string projection, int version);

    /// <summary>
    /// Brings the view up to <paramref name="version"/> from the log if it is behind. The order grain sends it when it
    /// activates: a silo that went away may have taken the notification of its last events with it.
    /// </summary>
    [Alias("CatchUp"), OneWay]
    Task CatchUp(int version);
}

/// <summary>
/// One shard of a projection (key: the shard): its checkpoint per order, a catch-up outside the stream, and the steps of a
/// rebuild into a new generation while the current one answers.
/// </summary>
[Alias("IProjectionShardGrain")]
public interface IProjectionShardGrain : IGrainWithIntegerKey
{
    /// <summary>The version of the order the shard holds (the projection's checkpoint for it), 0 if none.</summary>
    [Alias("GetVersion")]
    Task<int> GetVersion(string orderId);

    /// <summary>Stores the order's change unless the shard holds the order at the same or a newer version (catch-up, retry, repair).</summary>
    [Alias("Apply")]
    Task Apply(OrderChange change);

    /// <summary>Creates the generation's storage and starts writing live changes to it as well.</summary>
    [Alias("BeginRebuild")]
    Task BeginRebuild(int generation);

    /// <summary>Orders' states as folded from the log (changes without events), for the generation being built.</summary>
    [Alias("ApplyRebuilt")]
    Task ApplyRebuilt(int generation, IReadOnlyList<OrderChange> changes);

    [Alias("CompleteRebuild")]
    Task CompleteRebuild(int generation);

    [Alias("AbortRebuild")]
    Task AbortRebuild(int generation);

    /// <summary>Deletes a generation's storage (any shard may be asked; the storage is the projection's).</summary>
    [Alias("DropGeneration")]
    Task DropGeneration(int generation);

    /// <summary>
    /// Compares what the shard holds with <paramref name="orders"/>, every order of this shard as folded from the log
    /// (changes without events): each order's checkpoint, and the figures that follow from them.
    /// </summary>
    [Alias("Verify"), ResponseTimeout("00:05:00")]
    Task<IReadOnlyList<ProjectionDifference>> Verify(IReadOnlyList<OrderChange> orders);
}

/// <summary>One shard of the order list: the orders hashed to it, stored as index rows laid out for the list's questions.</summary>
[Alias("IOrderListShardGrain")]
public interface IOrderListShardGrain : IProjectionShardGrain
{
    /// <summary>The shard's first <see cref="OrderListQuery.Take"/> matches in the query's order, and how many match.</summary>
    [Alias("Query"), ReadOnly]
    Task<OrderListSlice> Query(OrderListQuery query);
}

/// <summary>A projection as a whole (key: its name): generations, rebuilds, dead letters, status.</summary>
[Alias("IProjectionGrain")]
public interface IProjectionGrain : IGrainWithStringKey
{
    /// <summary>The code of a retry whose dead letter does not exist.</summary>
    const string DeadLetterNotFound = ErrorCodes.DeadLetterNotFound;

    [Alias("GetInfo")]
    Task<ProjectionInfo> GetInfo();

    /// <summary>Starts a rebuild from the event log into a new generation (or reports the running one).</summary>
    [Alias("StartRebuild")]
    Task<ProjectionInfo> StartRebuild();

    [Alias("GetDeadLetters")]
    Task<IReadOnlyList<DeadLetter>> GetDeadLetters();

    /// <summary>
    /// Folds the whole event log once and compares every projection with it (asked of any projection, it checks them
    /// all): each order's summary and checkpoint, and the tally views' figures. With <paramref name="repair"/>, projects
    /// each differing order again from the log (a catch-up for lost messages); a figure that differs needs a rebuild.
    /// </summary>
    [Alias("Verify"), ResponseTimeout("00:10:00")]
    Task<VerificationReport> Verify(bool repair);

    /// <summary>
    /// Applies a parked event again: the projection once it is applied (and left the dead letters), else
    /// <c>dead-letter.not-found</c> or <c>dead-letter.retry-failed</c> with why it still fails.
    /// </summary>
    [Alias("RetryDeadLetter")]
    Task<Answer<ProjectionInfo>> RetryDeadLetter(string orderId, int version);
}

/// <summary>Receives projected events for the live feed.</summary>
[Alias("IEventFeedObserver")]
public interface IEventFeedObserver : IGrainObserver
{
    [Alias("OnEvent"), OneWay]
    Task OnEvent(FeedEvent item);
}

/// <summary>Fans projected events out to live-feed subscribers across the cluster.</summary>
[Alias("IEventFeedGrain")]
public interface IEventFeedGrain : IGrainWithIntegerKey
{
    [Alias("Publish"), OneWay]
    Task Publish(IReadOnlyList<FeedEvent> items);

    /// <summary>Subscribes or renews; subscriptions expire unless renewed within a minute.</summary>
    [Alias("Subscribe")]
    Task Subscribe(IEventFeedObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IEventFeedObserver observer);
}

/// <summary>An event as the live feed carries it: the envelope, with the order's customer for filtering.</summary>
[GenerateSerializer, Immutable, Alias("FeedEvent")]
public sealed record FeedEvent(
    [property: Id(0)] EventEnvelope Envelope,
    [property: Id(1)] string CustomerId);

public static class ProjectionNames
{
    /// <summary>The order list (and the customer and analytics views computed from it).</summary>
    public const string OrderList = "order-list";

    /// <summary>Per product: units by order status, revenue per currency.</summary>
    public const string Products = "products";

    /// <summary>Per customer: order counts, lifetime value, first, last and newest orders.</summary>
    public const string Customers = "customers";

    /// <summary>Orders and value by status, orders and revenue by day, per currency.</summary>
    public const string Analytics = "analytics";

    /// <summary>Every projection: each stores delivered batches and confirms them to the publisher.</summary>
    public static readonly IReadOnlyList<string> All = [OrderList, Products, Customers, Analytics];
}

/// <summary>One shard of the customer view: the figures of the orders hashed to that shard, per customer.</summary>
[Alias("ICustomerShardGrain")]
public interface ICustomerShardGrain : IProjectionShardGrain
{
    [Alias("GetCustomer"), ReadOnly]
    Task<CustomerStats?> GetCustomer(string customerId);

    /// <summary>This shard's figures of the first <paramref name="limit"/> customers whose id starts with <paramref name="prefix"/>, after <paramref name="after"/>, in id order.</summary>
    [Alias("FindCustomers"), ReadOnly]
    Task<IReadOnlyList<CustomerStats>> FindCustomers(string prefix, string? after, int limit);
}

/// <summary>One shard of the analytics: its orders by status (now) and by day, per currency.</summary>
[Alias("IAnalyticsShardGrain")]
public interface IAnalyticsShardGrain : IProjectionShardGrain
{
    /// <summary>Status figures, and the day figures from <paramref name="firstDay"/> to <paramref name="lastDay"/> (both included).</summary>
    [Alias("GetFigures"), ReadOnly]
    Task<AnalyticsSummary> GetFigures(DateOnly? firstDay, DateOnly? lastDay);
}

/// <summary>One shard of the product view: the product figures of the orders hashed to that shard.</summary>
[Alias("IProductShardGrain")]
public interface IProductShardGrain : IProjectionShardGrain
{
    [Alias("GetProduct"), ReadOnly]
    Task<ProductView?> GetProduct(string productId);

    /// <summary>Every product this shard has figures for: bounded by the catalogue, not by the orders.</summary>
    [Alias("GetProducts"), ReadOnly]
    Task<IReadOnlyList<ProductView>> GetProducts();
}

/// <summary>Answers read-model queries by asking every order-list shard and merging; runs on the caller's silo.</summary>
[Alias("IReadModelGrain")]
public interface IReadModelGrain : IGrainWithIntegerKey
{
    /// <summary>The largest page * pageSize a list query may reach; beyond it, narrow the filter.</summary>
    const int MaxDepth = 10_000;

    [Alias("ListOrders")]
    Task<OrderListPage> ListOrders(OrderListQuery filter, int page, int pageSize);

    /// <summary>The customer's figures; zero orders when the customer has none.</summary>
    [Alias("GetCustomerStats")]
    Task<CustomerStats> GetCustomerStats(string customerId);

    [Alias("GetAnalytics")]
    Task<AnalyticsSummary> GetAnalytics(DateOnly? firstDay = null, DateOnly? lastDay = null);

    [Alias("GetProduct")]
    Task<ProductView?> GetProduct(string productId);

    [Alias("ListProducts")]
    Task<IReadOnlyList<ProductView>> ListProducts(ProductSort sort, int top);

    /// <summary>Customers whose id starts with <paramref name="prefix"/> (all with ""), in id order, after <paramref name="after"/>.</summary>
    [Alias("ListCustomers")]
    Task<CustomerListPage> ListCustomers(string prefix, string? after, int limit);
}
