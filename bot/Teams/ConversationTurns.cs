namespace Chexs.Bot.Teams;

/// <summary>
/// One turn at a time per conversation. Teams delivers activities concurrently — two clicks on one card are
/// two invokes in flight together — and each turn reads the conversation's state at its start and writes it
/// at its end, so two turns at once both act on the same dialog step and the second save finds the state
/// changed under it (an ETag conflict). Queued, the second click runs after the first and sees what it did
/// ("that button belongs to a question that has already finished"). Different conversations never wait
/// for each other. A turn that takes longer than <see cref="MaxWait"/> no longer holds the next one back
/// (it goes ahead, and a conflict is then handled where the state is saved, see ChexsBot).
/// </summary>
public sealed class ConversationTurns
{
    /// <summary>Teams gives a card click about 5 s, a Zoom call can take longer: waiting beyond this helps nobody.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the conversation's previous turn (at most <see cref="MaxWait"/>); dispose the result when the turn ends.</summary>
    public async Task<IDisposable> EnterAsync(string? conversationId)
    {
        var key = conversationId ?? "";
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out gate!))
            {
                gate = new Gate();
                _gates[key] = gate;
            }
            gate.Users++;
        }
        // Not cancellable: a turn given up while waiting would end in the turn-error handler, which is worse than waiting.
        var entered = await gate.Turn.WaitAsync(MaxWait);
        return new Lease(this, key, gate, entered);
    }

    private void Leave(string key, Gate gate, bool entered)
    {
        if (entered) gate.Turn.Release();
        lock (_gates)
        {
            // The last one out removes the gate, so conversations seen once do not accumulate.
            if (--gate.Users == 0) _gates.Remove(key);
        }
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Turn = new(1, 1);
        public int Users;
    }

    private sealed class Lease(ConversationTurns owner, string key, Gate gate, bool entered) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Leave(key, gate, entered);
        }
    }
}
