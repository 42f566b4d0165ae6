using MmSandbox.Core.Metrics;

namespace MmSandbox.Core.Tests;

public sealed class StepSeriesTests
{
    [Fact]
    public void A_short_run_keeps_every_step()
    {
        var series = new StepSeries(steps: 200, s0: 100);
        Assert.Equal(1, series.Stride);
        Assert.Equal(201, series.Length);
    }

    [Fact]
    public void A_long_run_keeps_every_stride_th_step_and_the_close_so_memory_stays_bounded()
    {
        // 200,000 steps: stride ⌈200000 / 500⌉ = 400, rows at 0, 400, …, 200,000: 501 rows.
        var series = new StepSeries(steps: 200_000, s0: 100);
        Assert.Equal(400, series.Stride);
        Assert.Equal(StepSeries.MaxRows, series.Length);
        for (int k = 0; k <= 200_000; k++) series.Add(k, 100 + k, pnl: k, inventory: 1);
        var rows = series.ToList();
        Assert.Equal(0, rows[0].Step);
        Assert.Equal(400, rows[1].Step);
        Assert.Equal(200_000, rows[^1].Step);
        // Each kept row holds its own step's values only: the mean mid of step 400 is 100 + 400.
        Assert.Equal(500.0, rows[1].MidMean);
        Assert.Equal(200_000.0, rows[^1].PnlMean);
    }

    [Fact]
    public void When_the_stride_does_not_divide_the_steps_the_close_gets_its_own_row()
    {
        // 1001 steps: stride ⌈1001 / 500⌉ = 3 → rows 0, 3, …, 999 (334 rows) and the close 1001.
        var series = new StepSeries(steps: 1001, s0: 0);
        Assert.Equal(3, series.Stride);
        Assert.Equal(335, series.Length);
        series.Add(1001, 7, 7, 7);
        series.Add(1000, 9, 9, 9);   // not kept
        Assert.Equal(7.0, series.ToList()[^1].MidMean);
        Assert.Equal(1001, series.ToList()[^1].Step);
    }
}
