using GraphQL.Types;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Silo.Endpoints;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>An amount in one currency: the read models keep money per currency, never converted.</summary>
public sealed record Money(string Currency, decimal Amount);

public sealed class MoneyType : ObjectGraphType<Money>
{
    public MoneyType()
    {
        Field(x => x.Currency);
        Field(x => x.Amount);
    }

    public static IEnumerable<Money> Of(IReadOnlyDictionary<string, decimal> amounts) =>
        amounts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new Money(a.Key, a.Value));
}

public sealed class OrderSummaryType : ObjectGraphType<OrderSummary>
{
    public OrderSummaryType()
    {
        Description = "An order as the order-list view holds it (eventually consistent).";
        Field(x => x.OrderId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.CustomerId);
        Field(x => x.Status, type: typeof(NonNullGraphType<OrderStatusType>));
        Field(x => x.Currency);
        Field(x => x.Total);
        Field(x => x.AmountPaid);
        Field(x => x.ItemCount);
        Field(x => x.CreatedAt);
        Field(x => x.UpdatedAt);
        Field(x => x.PlacedAt, nullable: true);
        Field(x => x.PaidAt, nullable: true);
        Field(x => x.Version);
    }
}

public sealed class CustomerType : ObjectGraphType<CustomerStats>
{
    public CustomerType()
    {
        Name = "Customer";
        Description = "A customer's figures from the customers view.";
        Field(x => x.CustomerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.OrderCount);
        Field(x => x.PlacedCount);
        Field(x => x.PaidCount);
        Field(x => x.CancelledCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyType>>>>("lifetimeValue")
            .Description("Paid orders' value per currency.").Resolve(c => MoneyType.Of(c.Source.LifetimeValue));
        Field(x => x.FirstOrderAt, nullable: true);
        Field(x => x.LastOrderAt, nullable: true);
        Field(x => x.RecentOrders, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<OrderSummaryType>>>));
    }
}

public sealed class ProductType : ObjectGraphType<ProductView>
{
    public ProductType()
    {
        Name = "Product";
        Description = "Units by where their orders stand, and revenue, from the products view.";
        Field(x => x.ProductId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name, nullable: true);
        Field(x => x.Orders);
        Field(x => x.UnitsInCart);
        Field(x => x.UnitsReserved);
        Field(x => x.UnitsShipped);
        Field(x => x.UnitsDelivered);
        Field(x => x.UnitsCancelled);
        Field(x => x.UnitsOrdered);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyType>>>>("revenue")
            .Description("Paid orders' revenue per currency.").Resolve(c => MoneyType.Of(c.Source.Revenue));
    }
}

public sealed class AnalyticsType : ObjectGraphType<AnalyticsSummary>
{
    public AnalyticsType()
    {
        Name = "Analytics";
        Field(x => x.TotalOrders);
        Field(x => x.ByStatus, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StatusFiguresType>>>));
        Field(x => x.ByDay, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<DayFiguresType>>>));
    }
}

public sealed class StatusFiguresType : ObjectGraphType<StatusFigures>
{
    public StatusFiguresType()
    {
        Field(x => x.Status, type: typeof(NonNullGraphType<OrderStatusType>));
        Field(x => x.Orders);
        Field(x => x.Currency);
        Field(x => x.Value);
    }
}

public sealed class DayFiguresType : ObjectGraphType<DayFigures>
{
    public DayFiguresType()
    {
        Field(x => x.Date);
        Field(x => x.Currency);
        Field(x => x.OrdersCreated);
        Field(x => x.OrdersPlaced);
        Field(x => x.OrdersPaid);
        Field(x => x.OrdersCancelled);
        Field(x => x.Revenue);
    }
}

public sealed class ProjectionStatusType : ObjectGraphType<ProjectionResponse>
{
    public ProjectionStatusType()
    {
        Name = "ProjectionStatus";
        Description = "A read model's state, dead letters and lag, as GET /api/projections shows it.";
        Field(x => x.Name);
        Field<NonNullGraphType<StringGraphType>>("state").Description("Live, Rebuilding or Degraded.").Resolve(c => c.Source.State.ToString());
        Field(x => x.ActiveGeneration);
        Field(x => x.DeadLetters);
        Field<NonNullGraphType<LongGraphType>>("eventsBehind").Description("Events in the log the view has not stored yet (cluster-wide).")
            .Resolve(c => c.Source.Lag.EventsBehind);
        Field<NonNullGraphType<FloatGraphType>>("oldestBehindMs").Description("Age of the oldest of them.").Resolve(c => c.Source.Lag.OldestBehindMs);
        Field<NonNullGraphType<LongGraphType>>("eventsApplied").Resolve(c => c.Source.Checkpoint.EventsApplied);
    }
}
