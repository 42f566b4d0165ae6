namespace MmSandbox.Core.Engine;

/// <summary>Thrown when two books that must agree do not: a bug, never a market outcome.</summary>
public sealed class BookMismatchException(string message) : Exception(message);

/// <summary>Checks that the recorder's books, rebuilt from fills alone, equal the maker's own.</summary>
public static class Reconciliation
{
    /// <summary>Throws <see cref="BookMismatchException"/> at the first path whose inventory or cash differ.</summary>
    public static void Check(long firstPath, ReadOnlySpan<double> makerInventory, ReadOnlySpan<double> makerCash,
                             ReadOnlySpan<double> recordedInventory, ReadOnlySpan<double> recordedCash)
    {
        for (int i = 0; i < makerInventory.Length; i++)
        {
            if (makerInventory[i] != recordedInventory[i] || makerCash[i] != recordedCash[i])
                throw new BookMismatchException(
                    $"Path {firstPath + i}: the maker holds q = {makerInventory[i]}, cash = {makerCash[i]}, " +
                    $"but its fills add up to q = {recordedInventory[i]}, cash = {recordedCash[i]}.");
        }
    }
}
