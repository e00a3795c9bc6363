using CryptoSignalTracker.Core.Data;

namespace CryptoSignalTracker.Core.Tests.Data;

public sealed class InstrumentsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("instruments-").FullName;

    [Fact]
    public void Merge_ThenRead_KeepsOldSymbolsAndTakesNewValues()
    {
        var path = Path.Combine(_dir, InstrumentsFile.FileName);
        InstrumentsFile.Merge(path, [new InstrumentSpec("BTCUSDT", 0.1, 0.001), new InstrumentSpec("SOLUSDT", 0.01, 0.1)]);

        InstrumentsFile.Merge(path, [new InstrumentSpec("SOLUSDT", 0.001, 0.1)]);

        var specs = InstrumentsFile.Read(path);
        Assert.Equal([new InstrumentSpec("BTCUSDT", 0.1, 0.001), new InstrumentSpec("SOLUSDT", 0.001, 0.1)], specs.Values);
    }

    [Theory]
    [InlineData("""{"instruments":[{"symbol":"BTCUSDT","tickSize":0,"qtyStep":0.001}]}""", "BTCUSDT: tickSize 0 must be a positive number")]
    [InlineData("""{"instruments":[{"symbol":"BTCUSDT","tickSize":0.1}]}""", "qtyStep")]
    [InlineData("""[1,2]""", "expected {\"instruments\"")]
    [InlineData("""{"instruments":[{"symbol":"BTCUSDT","tickSize":0.1,"qtyStep":1},{"symbol":"BTCUSDT","tickSize":0.1,"qtyStep":1}]}""", "BTCUSDT is listed twice")]
    [InlineData("""{"instruments":""", "not a valid instruments file")]
    public void Read_BadFile_NamesFileAndProblem(string json, string expected)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);

        var ex = Assert.Throws<DataFormatException>(() => InstrumentsFile.Read(path));

        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
