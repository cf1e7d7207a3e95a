using System.Globalization;
using System.Text;
using OrleansRegistry.Bench.Workloads;

namespace OrleansRegistry.Bench;

/// <summary>Every number of a run, by workload and metric, for registry A (ours) and B (the baseline).</summary>
public sealed class Report(string nameA, string nameB)
{
    private readonly List<Row> _rows = [];
    private readonly Dictionary<int, string> _titles = [];

    public string NameA { get; } = nameA;

    public string NameB { get; } = nameB;

    public List<string> Errors { get; } = [];

    public List<(string Name, string Value)> Facts { get; } = [];

    public IReadOnlyList<Row> Rows => _rows;

    public void Title(int workload, string title) => _titles[workload] = title;

    public void Add(int workload, string target, Measurement measurement)
    {
        var row = _rows.FirstOrDefault(r => r.Workload == workload && r.Metric == measurement.Metric);
        if (row is null)
        {
            row = new Row(workload, measurement.Metric, measurement.Unit, measurement.HigherIsBetter);
            _rows.Add(row);
        }

        row.Values(target).Add(measurement.Value);
    }

    /// <summary>Whether every workload that ran produced numbers for both registries.</summary>
    public bool HasNumbersForBoth(IEnumerable<int> workloads) =>
        workloads.All(w => _rows.Any(r => r.Workload == w && r.A.Count > 0 && r.B.Count > 0));

    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Facts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-28} {value}");
        }

        var header = new[] { "metric", "unit", $"{NameA} rounds", $"{NameB} rounds", $"{NameA}", $"{NameB}", "A/B" };
        foreach (var group in _rows.GroupBy(r => r.Workload).OrderBy(g => g.Key))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{group.Key}. {_titles.GetValueOrDefault(group.Key, "")}");
            var cells = group.Select(r => Cells(r)).ToList();
            var widths = header.Select((h, i) => Math.Max(h.Length, cells.Max(c => c[i].Length))).ToArray();
            text.AppendLine("  " + string.Join("  ", header.Select((h, i) => i < 2 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
            foreach (var c in cells)
            {
                text.AppendLine("  " + string.Join("  ", c.Select((v, i) => i < 2 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))));
            }
        }

        foreach (var error in Errors)
        {
            text.AppendLine().AppendLine("ERROR " + error);
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| run | |").AppendLine("| --- | --- |");
        foreach (var (name, value) in Facts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| # | metric | unit | {NameA} (rounds) | {NameB} (rounds) | {NameA} median | {NameB} median | A/B |");
        text.AppendLine("| --- | --- | --- | --- | --- | ---: | ---: | ---: |");
        foreach (var row in _rows.OrderBy(r => r.Workload))
        {
            var c = Cells(row);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Workload} | {c[0]} | {c[1]} | {c[2]} | {c[3]} | {c[4]} | {c[5]} | {c[6]} |");
        }

        if (Errors.Count > 0)
        {
            text.AppendLine();
            foreach (var error in Errors)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- error: {error.ReplaceLineEndings(" ")}");
            }
        }

        return text.ToString();
    }

    private static string[] Cells(Row row)
    {
        var a = row.A.Count > 0 ? Stats.Median(row.A) : double.NaN;
        var b = row.B.Count > 0 ? Stats.Median(row.B) : double.NaN;
        var ratio = row.A.Count > 0 && row.B.Count > 0 && b != 0 ? Format(a / b, ratio: true) : "-";
        return
        [
            row.Metric,
            row.Unit + (row.HigherIsBetter ? " (higher is better)" : " (lower is better)"),
            Rounds(row.A),
            Rounds(row.B),
            row.A.Count > 0 ? Format(a) : "-",
            row.B.Count > 0 ? Format(b) : "-",
            ratio,
        ];
    }

    private static string Rounds(List<double> values) => values.Count > 0 ? string.Join(" ", values.Select(v => Format(v))) : "-";

    public static string Format(double value, bool ratio = false) =>
        double.IsNaN(value) ? "-"
        : ratio ? value.ToString(value >= 10 ? "0.0" : value >= 0.1 ? "0.00" : value >= 0.01 ? "0.000" : "0.0000", CultureInfo.InvariantCulture) + "x"
        : Math.Abs(value) >= 1000 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 100 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1 ? value.ToString("0.00", CultureInfo.InvariantCulture)
        : value.ToString("0.000", CultureInfo.InvariantCulture);

    public sealed class Row(int workload, string metric, string unit, bool higherIsBetter)
    {
        public int Workload { get; } = workload;

        public string Metric { get; } = metric;

        public string Unit { get; } = unit;

        public bool HigherIsBetter { get; } = higherIsBetter;

        public List<double> A { get; } = [];

        public List<double> B { get; } = [];

        /// <summary>Values by registry name; anything but A's name is B (the baseline).</summary>
        public List<double> Values(string target) => target == "A" ? A : B;
    }
}
