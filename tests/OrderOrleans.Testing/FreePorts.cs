using System.Net;
using System.Net.Sockets;

namespace OrderOrleans.Testing;

public static class FreePorts
{
    // Below the kernel's ephemeral range (32768-60999 on Debian): a port the kernel hands out as free can be taken by
    // any outgoing connection before the server binds it, which failed silos with "address already in use".
    private const int First = 20_000;
    private const int Count = 12_000;
    private static int s_next = Random.Shared.Next(Count);

    /// <summary>A loopback port nobody listens on right now, from a range outgoing connections never use.</summary>
    public static int Next()
    {
        for (var tries = 0; tries < Count; tries++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref s_next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {First + Count}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
