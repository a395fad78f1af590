using GraphQL.Types;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>The GraphQL schema beside REST: the same grain calls, keys, scopes and error codes. Its SDL is schema.graphql.</summary>
public sealed class OrderSchema : Schema
{
    public OrderSchema(IServiceProvider services, OrderQuery query, OrderMutation mutation, OrderSubscription subscription) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
    }
}
