using MmSandbox.Core.Metrics;

namespace MmSandbox.Core.Tests;

public sealed class StepSeriesTests
{
    [Fact]
    public void A_short_run_keeps_every_step()
    {
        var series = new StepSeries(steps: 100, s0: 100);
        Assert.Equal(1, series.Stride);
        Assert.Equal(101, series.Length);
    }

    [Fact]
    public void The_papers_200_steps_keep_every_second_step_and_the_close()
    {
        // stride ⌈200 / 100⌉ = 2: rows at 0, 2, …, 200.
        var series = new StepSeries(steps: 200, s0: 100);
        Assert.Equal(2, series.Stride);
        Assert.Equal(101, series.Length);
    }

    [Fact]
    public void A_long_run_keeps_every_stride_th_step_and_the_close_so_memory_stays_bounded()
    {
        // 200,000 steps: stride ⌈200000 / 100⌉ = 2000, rows at 0, 2000, …, 200,000: 101 rows.
        var series = new StepSeries(steps: 200_000, s0: 100);
        Assert.Equal(2000, series.Stride);
        Assert.Equal(StepSeries.MaxRows, series.Length);
        for (int k = 0; k <= 200_000; k++) series.Add(k, 100 + k, pnl: k, inventory: 1);
        var rows = series.ToList();
        Assert.Equal(0, rows[0].Step);
        Assert.Equal(2000, rows[1].Step);
        Assert.Equal(200_000, rows[^1].Step);
        // Each kept row holds its own step's values only: the mean mid of step 2000 is 100 + 2000.
        Assert.Equal(2100.0, rows[1].MidMean);
        Assert.Equal(200_000.0, rows[^1].PnlMean);
    }

    [Fact]
    public void When_the_stride_does_not_divide_the_steps_the_close_gets_its_own_row()
    {
        // 1003 steps: stride ⌈1003 / 100⌉ = 11 → rows 0, 11, …, 1001 (92 rows) and the close 1003.
        var series = new StepSeries(steps: 1003, s0: 0);
        Assert.Equal(11, series.Stride);
        Assert.Equal(93, series.Length);
        series.Add(1003, 7, 7, 7);
        series.Add(1002, 9, 9, 9);   // not kept
        Assert.Equal(7.0, series.ToList()[^1].MidMean);
        Assert.Equal(1003, series.ToList()[^1].Step);
        Assert.Equal(1001, series.ToList()[^2].Step);
    }
}
