using Microsoft.Extensions.Options;

namespace SmartCity.Api.Readings;

/// <summary>
/// Counts the readings in flight and turns a batch away when it would take them over
/// <see cref="IngestOptions.MaxReadingsInFlight"/>: shedding at the door is what keeps memory flat
/// when sensors send more than the machine can apply and log.
/// </summary>
public sealed class IngestAdmission(IOptions<IngestOptions> options)
{
    private long _inFlight;

    /// <summary>Readings taken in and not yet answered.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public int Capacity => options.Value.MaxReadingsInFlight;

    /// <summary>
    /// No batch, however small, can go in now (<see cref="TryEnter"/> would refuse even one reading):
    /// a sender can be turned away before its body is read.
    /// </summary>
    public bool IsFull => InFlight >= Capacity;

    /// <summary>Takes room for <paramref name="readings"/>, or none when there is not enough; dispose the ticket to give it back.</summary>
    public Ticket? TryEnter(int readings)
    {
        long after = Interlocked.Add(ref _inFlight, readings);
        // One batch alone may always go in, or a batch larger than the bound could never be applied.
        if (after > Capacity && after != readings)
        {
            Interlocked.Add(ref _inFlight, -readings);
            return null;
        }
        return new Ticket(this, readings);
    }

    /// <summary>Room for some readings; given back once, on dispose.</summary>
    public sealed class Ticket(IngestAdmission admission, int readings) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Add(ref admission._inFlight, -readings);
        }
    }
}
