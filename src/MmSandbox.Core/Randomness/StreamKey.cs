namespace MmSandbox.Core.Randomness;

/// <summary>What a random stream is used for. Values are part of the reproducibility contract: never renumber.</summary>
public enum Purpose : ulong
{
    /// <summary>The sign (binomial) or size (gaussian) of the mid-price move.</summary>
    Price = 1,
    /// <summary>Whether an order arrives that lifts the maker's bid (the maker buys).</summary>
    BidArrival = 2,
    /// <summary>Whether an order arrives that lifts the maker's ask (the maker sells).</summary>
    AskArrival = 3,
    /// <summary>The single arrival draw of <c>fills_per_step: one</c>.</summary>
    AnyArrival = 4,
    /// <summary>A participant's own draws; the key also hashes the participant's name (<see cref="StreamKey.ForParticipant"/>).</summary>
    Participant = 5,
    /// <summary>The exchange's choice between makers quoting the same best price.</summary>
    TieBreak = 6,
}

/// <summary>Derives the key of one random stream from (seed, path, purpose) by hashing, never by adding.</summary>
public static class StreamKey
{
    /// <summary>The key of the stream of <paramref name="purpose"/> on <paramref name="path"/> under <paramref name="seed"/>.</summary>
    public static ulong For(ulong seed, long path, Purpose purpose)
    {
        // Each id passes through the bijective mixer before the next one joins, so seed 1 with path 0
        // and seed 0 with path 1 land on unrelated keys.
        ulong h = CounterRng.Mix(seed ^ 0x6A09E667F3BCC909UL);
        h = CounterRng.Mix(h ^ ((ulong)path * CounterRng.Golden + 0xBB67AE8584CAA73BUL));
        return CounterRng.Mix(h ^ ((ulong)purpose * 0x3C6EF372FE94F82BUL));
    }

    /// <summary>
    /// The key of participant <paramref name="name"/>'s stream on <paramref name="path"/>: the purpose
    /// <see cref="Purpose.Participant"/> mixed with a hash of the name (FNV-1a over its UTF-16 code units,
    /// fixed forever), so each participant draws independently of every other stream.
    /// </summary>
    public static ulong ForParticipant(ulong seed, long path, string name)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (char c in name)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return CounterRng.Mix(For(seed, path, Purpose.Participant) ^ CounterRng.Mix(hash));
    }
}
