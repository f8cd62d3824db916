using System.Text;

namespace SmartCity.Simulator.Import;

/// <summary>
/// One CSV record: the physical line it starts on (1-based, counting the header), its fields, the
/// raw text as it stood in the file (without the line break), and what is wrong with its quoting, if anything.
/// </summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string Raw, string? Malformed);

/// <summary>
/// Reads CSV as RFC 4180 describes it: comma-separated fields, quoted fields that may hold commas,
/// line breaks and doubled quotes; records end in CRLF or LF (a lone CR is read as a line break too),
/// the last one may or may not. A leading UTF-8 byte order mark is skipped. Malformed quoting does
/// not stop the reader: the record comes back with <see cref="CsvRecord.Malformed"/> set, so an
/// import can report it with its line and carry on.
/// </summary>
public sealed class CsvRows(TextReader reader) : IDisposable
{
    private const int End = -1;
    private const char ByteOrderMark = '\uFEFF';

    private int _line = 1;
    private bool _started;

    public static CsvRows Open(string path) =>
        new(new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true));

    /// <summary>The next record, or null at the end of the file.</summary>
    public CsvRecord? ReadRecord()
    {
        if (!_started)
        {
            _started = true;
            // StreamReader drops the mark itself; a TextReader over a string keeps it.
            if (reader.Peek() == ByteOrderMark) reader.Read();
        }
        if (reader.Peek() == End) return null;

        var record = new RecordText(_line);
        while (true)
        {
            int c = Read();
            if (c == End) return record.Finish(atEndOfFile: true);
            char ch = (char)c;
            if (record.InQuotes)
            {
                bool doubled = ch == '"' && reader.Peek() == '"';
                if (doubled) Read();
                record.TakeQuoted(ch, doubled);
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n') Read();
                return record.Finish(atEndOfFile: false);
            }
            else
            {
                record.TakeUnquoted(ch);
            }
        }
    }

    public void Dispose() => reader.Dispose();

    /// <summary>Reads one character, counting physical lines: LF, CRLF and a lone CR each end one.</summary>
    private int Read()
    {
        int c = reader.Read();
        if (c == '\n' || (c == '\r' && reader.Peek() != '\n')) _line++;
        return c;
    }

    /// <summary>One record as it is being read: its fields so far, its raw text, and the quoting state.</summary>
    private sealed class RecordText(int line)
    {
        private readonly List<string> _fields = [];
        private readonly StringBuilder _field = new();
        private readonly StringBuilder _raw = new();
        private string? _malformed;
        private bool _fieldWasQuoted, _afterClosingQuote;

        public bool InQuotes { get; private set; }

        /// <summary>A character inside quotes: text, a doubled quote (one quote of text), or the closing quote.</summary>
        public void TakeQuoted(char c, bool doubled)
        {
            _raw.Append(c);
            if (c != '"') { _field.Append(c); return; }
            if (doubled) { _raw.Append('"'); _field.Append('"'); return; }
            InQuotes = false;
            _afterClosingQuote = true;
        }

        /// <summary>A character outside quotes, other than a line break.</summary>
        public void TakeUnquoted(char c)
        {
            _raw.Append(c);
            if (c == ',')
            {
                _fields.Add(_field.ToString());
                _field.Clear();
                _fieldWasQuoted = _afterClosingQuote = false;
            }
            else if (c == '"' && _field.Length == 0 && !_fieldWasQuoted)
            {
                InQuotes = _fieldWasQuoted = true;
            }
            else
            {
                if (c == '"') _malformed ??= "a quote inside an unquoted field (RFC 4180 wants the whole field quoted and the quote doubled)";
                else if (_afterClosingQuote) _malformed ??= "text after the closing quote of a field";
                _field.Append(c);
            }
        }

        public CsvRecord Finish(bool atEndOfFile)
        {
            if (atEndOfFile && InQuotes) _malformed ??= "a quoted field is not closed before the end of the file";
            _fields.Add(_field.ToString());
            return new CsvRecord(line, _fields, _raw.ToString(), _malformed);
        }
    }
}

/// <summary>Where the columns an import needs sit in a file's header row.</summary>
public sealed class CsvColumns
{
    private readonly Dictionary<string, int> _indexes;

    private CsvColumns(Dictionary<string, int> indexes, int count)
    {
        _indexes = indexes;
        Count = count;
    }

    /// <summary>How many columns the header has, and so every record should have.</summary>
    public int Count { get; }

    /// <summary>The columns, or an error naming every required column the header lacks.</summary>
    public static CsvColumns? Find(CsvRecord header, IReadOnlyList<string> required, out string? error)
    {
        // Names are matched exactly apart from surrounding spaces: a renamed column is a different column.
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Fields.Count; i++) indexes.TryAdd(header.Fields[i].Trim(), i);
        var missing = required.Where(name => !indexes.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
        {
            string names = string.Join(", ", missing.Select(name => $"\"{name}\""));
            error = $"the header (line {header.Line}) has no column {names}; it has {string.Join(", ", header.Fields.Select(f => $"\"{f}\""))}";
            return null;
        }
        error = null;
        return new CsvColumns(indexes, header.Fields.Count);
    }

    /// <summary>The named column's text in a record that has <see cref="Count"/> fields.</summary>
    public string Of(CsvRecord record, string column) => record.Fields[_indexes[column]];
}
