using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using OrderOrleans.Contracts.Projections;
using OrderOrleans.Domain;
using OrderOrleans.Silo.Endpoints;

namespace OrderOrleans.Silo.GraphQL;

/// <summary>
/// The read-model queries take a command's Consistency-Token as the argument <c>consistencyToken</c> and wait for the
/// view they read to hold its change, as REST does with the header (<see cref="ConsistencyTokens"/>).
/// </summary>
public static class GraphConsistency
{
    public const string Argument = "consistencyToken";

    private static readonly Dictionary<string, string> s_reads = new(StringComparer.Ordinal)
    {
        ["orders"] = ProjectionNames.OrderList,
        ["customer"] = ProjectionNames.Customers,
        ["customers"] = ProjectionNames.Customers,
        ["product"] = ProjectionNames.Products,
        ["products"] = ProjectionNames.Products,
        ["analytics"] = ProjectionNames.Analytics,
    };

    public static void WaitForTokens(IComplexGraphType root)
    {
        foreach (var field in root.Fields.Where(f => s_reads.ContainsKey(f.Name)))
        {
            var projection = s_reads[field.Name];
            field.Arguments ??= new QueryArguments();
            field.Arguments.Add(new QueryArgument<StringGraphType>
            {
                Name = Argument,
                Description = "A command's consistencyToken: answer only once this view holds that command's change.",
            });
            var inner = field.Resolver!;
            field.Resolver = new FuncFieldResolver<object>(async context =>
            {
                if (context.GetArgument<string?>(Argument) is { } token)
                {
                    var wait = await ConsistencyTokens.WaitAsync(((GraphContext)context.UserContext).Http, token, [projection]);
                    if (wait == ConsistencyTokens.Wait.Invalid)
                    {
                        throw new ExecutionError(ConsistencyTokens.InvalidMessage) { Code = ErrorCodes.RequestInvalid };
                    }
                    if (wait == ConsistencyTokens.Wait.Behind)
                    {
                        throw new ExecutionError(ConsistencyTokens.BehindMessage(((GraphContext)context.UserContext).Http)) { Code = ErrorCodes.ProjectionBehind };
                    }
                }
                return await inner.ResolveAsync(context);
            });
        }
    }
}
