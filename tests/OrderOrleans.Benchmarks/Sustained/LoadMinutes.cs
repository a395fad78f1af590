using System.Collections.Concurrent;
using System.Diagnostics;
using OrderOrleans.Benchmarks.Load;

namespace OrderOrleans.Benchmarks.Sustained;

/// <summary>What the load saw, minute by minute: orders, command latencies, errors, the service's own lag figure, logs.</summary>
public sealed class LoadMinutes
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<int, Minute> _minutes = new();

    /// <summary>Each successful command: its order and version, and when its answer came (for the lag, from the live feed).</summary>
    public ConcurrentBag<(int Minute, string Key, long AnsweredAt)> Answers { get; } = [];

    public int Current => (int)(Stopwatch.GetElapsedTime(_start).TotalMinutes);

    public IEnumerable<(int Index, Minute Figures)> All => _minutes.OrderBy(m => m.Key).Select(m => (m.Key, m.Value));

    public void OrderCompleted() => This.AddOrder();

    public void Command(string orderId, int version, double ms)
    {
        var minute = Current;
        var figures = _minutes.GetOrAdd(minute, _ => new Minute());
        lock (figures)
        {
            figures.Latencies.Add(ms);
        }
        Answers.Add((minute, $"{orderId}:{version}", Stopwatch.GetTimestamp()));
    }

    /// <summary>A 5xx (or no answer): with Retry-After it is the back-pressure the service promises, otherwise an error.</summary>
    public void Failed(bool retryAfter)
    {
        if (retryAfter)
        {
            This.AddBackPressure();
        }
        else
        {
            This.AddError();
        }
    }

    public void Throttled() => This.AddThrottled();

    public void Refused() => This.AddRefused();

    /// <summary>What a burst of raw inserts on the same Azurite reached during <paramref name="minute"/>.</summary>
    public void RawInserts(int minute, double perSecond) => _minutes.GetOrAdd(minute, _ => new Minute()).RawInsertsPerSecond = perSecond;

    public void Observed(long eventsBehind, double oldestBehindMs, long logBytes)
    {
        This.Observe(eventsBehind, oldestBehindMs, logBytes);
    }

    private Minute This => _minutes.GetOrAdd(Current, _ => new Minute());

    public sealed class Minute
    {
        private int _orders;
        private int _backPressure;
        private int _errors;
        private int _throttled;
        private int _refused;

        public int Orders => _orders;

        public int BackPressure => _backPressure;

        public int Errors => _errors;

        public int Throttled => _throttled;

        public int Refused => _refused;

        public long MaxEventsBehind { get; private set; }

        public double MaxOldestBehindMs { get; private set; }

        public long LogBytes { get; private set; }

        public List<double> Latencies { get; } = [];

        /// <summary>Raw inserts a second on the same Azurite in this minute (NaN when no burst ran).</summary>
        public double RawInsertsPerSecond { get; set; } = double.NaN;

        /// <summary>Orders a second per raw insert a second: the service's throughput with the emulator's own speed taken out.</summary>
        public double OrdersPerRawInsert => Orders / 60.0 / RawInsertsPerSecond;

        public Latencies Lags { get; set; } = new([]);

        public int LagsMissing { get; set; }

        internal void AddOrder() => Interlocked.Increment(ref _orders);

        internal void AddBackPressure() => Interlocked.Increment(ref _backPressure);

        internal void AddError() => Interlocked.Increment(ref _errors);

        internal void AddThrottled() => Interlocked.Increment(ref _throttled);

        internal void AddRefused() => Interlocked.Increment(ref _refused);

        internal void Observe(long eventsBehind, double oldestBehindMs, long logBytes)
        {
            lock (this)
            {
                MaxEventsBehind = Math.Max(MaxEventsBehind, eventsBehind);
                MaxOldestBehindMs = Math.Max(MaxOldestBehindMs, oldestBehindMs);
                LogBytes = logBytes;
            }
        }
    }
}
