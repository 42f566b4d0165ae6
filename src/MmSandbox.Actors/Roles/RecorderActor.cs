using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// The metrics recorder: for each step it needs the <see cref="MidPrice"/> and the <see cref="Fills"/>
/// (at the close: the closing mid and the maker's <see cref="BookClosed"/>), and records once it holds
/// both. It rebuilds every book from the fills alone and checks it against the maker's at the close.
/// With extra participants it also waits for each one's <see cref="Executions"/> and keeps their books.
/// </summary>
public sealed class RecorderActor : ParticipantActor
{
    /// <summary>The actor's name in a scenario.</summary>
    public const string Name = "recorder";

    private readonly IActorRef _clock;
    private readonly RunAccumulator _run;
    private readonly SlotState[] _slots;
    private readonly string[] _participants;
    private readonly string[] _makers;

    /// <summary>Props for a recorder with <paramref name="slots"/> lanes in flight, accumulating into <paramref name="run"/> (a new one if null).</summary>
    public static Props Props(ModelParameters m, SimulationConfig config, int slots, IActorRef clock, RunAccumulator? run = null) =>
        Akka.Actor.Props.Create(() => new RecorderActor(m, config, slots, clock, run));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public RecorderActor(ModelParameters m, SimulationConfig config, int slots, IActorRef clock, RunAccumulator? run)
    {
        _clock = clock;
        // Given by the scenario when several recorders share per-path arrays (each writes its own lanes' paths).
        _run = run ?? new RunAccumulator(m, config.Metrics, config.Output.RecordPaths).WithParticipants(config.Participants);
        _participants = [.. config.Participants.Select(p => p.Name)];
        _makers = [MarketMakerActor.Name, .. config.Participants.Where(p => p.Role == ParticipantRole.Maker).Select(p => p.Name)];
        _slots = new SlotState[slots];
        for (int i = 0; i < slots; i++)
        {
            var ledger = _run.Participants is { } results ? new ParticipantLedger(m, results) : null;
            _slots[i] = new SlotState(new LaneRecorder(m, config.Metrics, _run), ledger, _participants.Length, _makers.Length);
        }
        Receive<MidPrice>(OnMidPrice);
        Receive<Executions>(OnExecutions);
        Receive<Fills>(f => { _slots[f.Lane.Slot].Fills = f; TryRecord(_slots[f.Lane.Slot]); });
        Receive<BookClosed>(OnBookClosed);
        // The accumulator is handed over whole: the recorder never touches it again after the run's last lane.
        Receive<FinishRun>(_ => Sender.Tell(new RecorderResults(_run)));
    }

    private void OnMidPrice(MidPrice mid)
    {
        var slot = _slots[mid.Lane.Slot];
        if (mid.Step == 0)
        {
            slot.Recorder.Start(mid.Lane.FirstPath, mid.Lane.Count);
            slot.Ledger?.Start(mid.Lane.FirstPath, mid.Lane.Count);
        }
        slot.Mid = mid;
        TryRecord(slot);
    }

    private void OnBookClosed(BookClosed book)
    {
        var slot = _slots[book.Lane.Slot];
        int maker = Array.IndexOf(_makers, book.Maker);
        if (maker < 0) throw new InvalidOperationException($"A closing book of '{book.Maker}', which is not a maker of this scenario.");
        slot.Books[maker] = book;
        TryRecord(slot);
    }

    private void OnExecutions(Executions executions)
    {
        var slot = _slots[executions.Lane.Slot];
        int p = Array.IndexOf(_participants, executions.Participant);
        if (p < 0) throw new InvalidOperationException($"Executions of '{executions.Participant}', which is not a participant of this scenario.");
        slot.Executions[p] = executions;
        TryRecord(slot);
    }

    private void TryRecord(SlotState slot)
    {
        if (slot.Mid is not { } mid) return;
        var recorder = slot.Recorder;
        if (mid.IsClose)
        {
            foreach (var b in slot.Books)
                if (b is null || b.Step != mid.Step) return;
            var book = slot.Books[0]!;
            recorder.ObserveClose(mid.Mids.Span);
            Reconciliation.Check(mid.Lane.FirstPath, book.Inventory.Span, book.Cash.Span, recorder.Inventory, recorder.Cash);
            // Every competing maker's own book against the one its executions add up to.
            for (int j = 1; j < slot.Books.Length; j++)
            {
                int p = Array.IndexOf(_participants, _makers[j]);
                Reconciliation.Check(mid.Lane.FirstPath, slot.Books[j]!.Inventory.Span, slot.Books[j]!.Cash.Span, slot.Ledger!.Inventory(p), slot.Ledger.Cash(p));
            }
            slot.Ledger?.Close(mid.Mids.Span);
            recorder.Complete();
            Array.Clear(slot.Books);
        }
        else
        {
            if (slot.Fills is not { } fills || fills.Step != mid.Step) return;
            foreach (var e in slot.Executions)
                if (e is null || e.Step != mid.Step) return;
            // Booked in the order the participants are listed, whatever order their executions arrived in.
            for (int p = 0; p < slot.Executions.Length; p++)
                slot.Ledger!.Apply(p, mid.Step, mid.Mids.Span, slot.Executions[p]!.BuyPrice.Span, slot.Executions[p]!.SellPrice.Span);
            Array.Clear(slot.Executions);
            var q = fills.Quotes;
            recorder.ObserveStep(mid.Step, mid.Mids.Span, q.Reservation.Span, q.Bids.Span, q.Asks.Span, q.Spread.Span,
                                 fills.BidFilled.Span, fills.AskFilled.Span);
            slot.Fills = null;
        }
        slot.Mid = null;
        _clock.Tell(new StepDone(mid.Step, mid.Lane, Name));
    }

    private sealed class SlotState(LaneRecorder recorder, ParticipantLedger? ledger, int participants, int makers)
    {
        public BookClosed?[] Books { get; } = new BookClosed?[makers];
        public LaneRecorder Recorder { get; } = recorder;
        public ParticipantLedger? Ledger { get; } = ledger;
        public Executions?[] Executions { get; } = new Executions?[participants];
        public MidPrice? Mid;
        public Fills? Fills;
    }
}
