using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MmSandbox.Reporting.IO;
using ScottPlot;
using SkiaSharp;

namespace MmSandbox.Reporting.Figures;

/// <summary>How a legend entry is drawn.</summary>
internal enum LegendMark
{
    /// <summary>A solid line.</summary>
    Line,
    /// <summary>A thin solid line.</summary>
    Thin,
    /// <summary>A dashed line.</summary>
    Dashed,
    /// <summary>A shaded band.</summary>
    Band,
    /// <summary>A filled, outlined box.</summary>
    Box,
}

/// <summary>One entry of a figure's legend.</summary>
internal sealed record LegendEntry(string Label, Color Color, LegendMark Mark);

/// <summary>
/// A figure of one or more ScottPlot panels in a grid under a title, a subtitle and one legend for all panels, drawn
/// the same way to PNG and to SVG. Each panel is a <see cref="Plot"/> rendered into its cell of the canvas.
/// </summary>
internal sealed partial class PanelFigure(string title, string subtitle, IReadOnlyList<LegendEntry> legend,
                                  IReadOnlyList<Plot> panels, int columns, int width, int height) : IDisposable
{
    private const float Margin = 16;
    private const float TitleSize = 26;
    private const float SubtitleSize = 16;
    private const float LegendSize = 16;
    private const float SwatchWidth = 30;
    private const float EntryGap = 24;

    /// <summary>Width in pixels.</summary>
    public int Width => width;

    /// <summary>Height in pixels.</summary>
    public int Height => height;

    /// <summary>Disposes the panels.</summary>
    public void Dispose()
    {
        foreach (var panel in panels)
            panel.Dispose();
    }

    /// <summary>Writes the figure as a PNG to <paramref name="path"/>, atomically.</summary>
    public void SavePng(string path)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        Draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, png.SaveTo);
    }

    /// <summary>
    /// Writes the figure as an SVG to <paramref name="path"/>, atomically. Skia names clip paths after a counter shared
    /// by every canvas of the process (raster ones too), so the names are renumbered in order of appearance: the file
    /// then depends on the figure alone, not on what was drawn before it or beside it on another thread.
    /// </summary>
    public void SaveSvg(string path)
    {
        using var buffer = new MemoryStream();
        using (var managed = new SKManagedWStream(buffer))
        {
            using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), managed))
                Draw(canvas);
            managed.Flush();
        }
        string svg = RenumberClipPaths(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(svg)));
    }

    /// <summary>Renames Skia's clip paths (<c>id="cl_…"</c> and <c>url(#cl_…)</c>) to cl_0, cl_1, … in order of first appearance.</summary>
    internal static string RenumberClipPaths(string svg)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipPathName().Replace(svg, match =>
        {
            string name = match.Value;
            if (!names.TryGetValue(name, out var renamed))
            {
                renamed = "cl_" + names.Count.ToString(CultureInfo.InvariantCulture);
                names.Add(name, renamed);
            }
            return renamed;
        });
    }

    [GeneratedRegex(@"(?<=<clipPath id=""|clip-path=""url\(#)cl_[0-9a-f]+(?=[""\)])", RegexOptions.CultureInvariant)]
    private static partial Regex ClipPathName();

    private void Draw(SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        using var regular = Fonts.GetTypeface(FigureStyle.FontFamily, bold: false, italic: false);
        using var bold = Fonts.GetTypeface(FigureStyle.FontFamily, bold: true, italic: false);
        using var titleFont = new SKFont(bold, TitleSize);
        using var subtitleFont = new SKFont(regular, SubtitleSize);
        using var legendFont = new SKFont(regular, LegendSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x44, 0x44, 0x44), IsAntialias = true };

        float y = Margin + TitleSize;
        canvas.DrawText(title, width / 2f, y, SKTextAlign.Center, titleFont, ink);
        if (subtitle.Length > 0)
        {
            y += SubtitleSize + 12;
            canvas.DrawText(subtitle, width / 2f, y, SKTextAlign.Center, subtitleFont, grey);
        }
        y = DrawLegend(canvas, legendFont, ink, y + 14);

        float top = y + 10;
        int rows = (panels.Count + columns - 1) / columns;
        float cellWidth = (width - 2 * Margin) / columns;
        float cellHeight = (height - top - Margin) / rows;
        for (int i = 0; i < panels.Count; i++)
        {
            float left = Margin + i % columns * cellWidth;
            float cellTop = top + i / columns * cellHeight;
            canvas.Save();
            canvas.ClipRect(new SKRect(left, cellTop, left + cellWidth, cellTop + cellHeight));
            panels[i].Render(canvas, new PixelRect(left, left + cellWidth, cellTop + cellHeight, cellTop));
            canvas.Restore();
        }
    }

    /// <summary>Draws the legend centred in rows that fit the width, starting at <paramref name="top"/>; returns its bottom.</summary>
    private float DrawLegend(SKCanvas canvas, SKFont font, SKPaint ink, float top)
    {
        if (legend.Count == 0)
            return top;
        var rows = new List<List<(LegendEntry Entry, float Width)>> { new() };
        float rowWidth = 0, maxWidth = width - 6 * Margin;
        foreach (var entry in legend)
        {
            float w = SwatchWidth + 8 + font.MeasureText(entry.Label);
            if (rows[^1].Count > 0 && rowWidth + EntryGap + w > maxWidth)
            {
                rows.Add([]);
                rowWidth = 0;
            }
            rowWidth += (rows[^1].Count > 0 ? EntryGap : 0) + w;
            rows[^1].Add((entry, w));
        }

        float rowHeight = LegendSize + 10;
        float y = top;
        foreach (var row in rows)
        {
            float total = row.Sum(e => e.Width) + EntryGap * (row.Count - 1);
            float x = (width - total) / 2;
            float middle = y + rowHeight / 2;
            foreach (var (entry, w) in row)
            {
                DrawSwatch(canvas, entry, x, middle);
                canvas.DrawText(entry.Label, x + SwatchWidth + 8, middle + LegendSize * 0.35f, SKTextAlign.Left, font, ink);
                x += w + EntryGap;
            }
            y += rowHeight;
        }
        return y;
    }

    private static void DrawSwatch(SKCanvas canvas, LegendEntry entry, float x, float middle)
    {
        var color = entry.Color.ToSKColor();
        using var paint = new SKPaint { Color = color, IsAntialias = true, StrokeWidth = 3, Style = SKPaintStyle.Stroke };
        switch (entry.Mark)
        {
            case LegendMark.Line:
                canvas.DrawLine(x, middle, x + SwatchWidth, middle, paint);
                break;
            case LegendMark.Thin:
                paint.StrokeWidth = 1;
                canvas.DrawLine(x, middle, x + SwatchWidth, middle, paint);
                break;
            case LegendMark.Dashed:
                using (var dash = SKPathEffect.CreateDash([6, 4], 0))
                {
                    paint.PathEffect = dash;
                    paint.StrokeWidth = 2;
                    canvas.DrawLine(x, middle, x + SwatchWidth, middle, paint);
                }
                break;
            case LegendMark.Band:
                paint.Style = SKPaintStyle.Fill;
                paint.Color = color.WithAlpha((byte)(255 * FigureStyle.BandOpacity * 2.5));
                canvas.DrawRect(x, middle - 7, SwatchWidth, 14, paint);
                break;
            case LegendMark.Box:
                paint.Style = SKPaintStyle.Fill;
                canvas.DrawRect(x + 4, middle - 8, SwatchWidth - 8, 16, paint);
                break;
        }
    }
}
