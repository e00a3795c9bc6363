using System.Text;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Backtesting;

/// <summary>
/// Writes a <see cref="TradingEngine"/>'s state (indicators, resamplers, macro rules, bias filter, portfolio) as bytes,
/// field by field in a fixed order, so that <see cref="TradingEngine.LoadState"/> gives back an engine that decides
/// exactly as the one saved. Doubles are written as their 8 bytes (NaN and the last bit kept).
/// </summary>
public sealed class EngineStateWriter
{
    private readonly MemoryStream _stream = new();
    private readonly BinaryWriter _writer;

    /// <summary>Creates an empty writer.</summary>
    public EngineStateWriter() => _writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);

    /// <summary>Writes a 64-bit integer.</summary>
    public void Write(long value) => _writer.Write(value);

    /// <summary>Writes a 32-bit integer.</summary>
    public void Write(int value) => _writer.Write(value);

    /// <summary>Writes a double bit for bit.</summary>
    public void Write(double value) => _writer.Write(value);

    /// <summary>Writes a flag.</summary>
    public void Write(bool value) => _writer.Write(value);

    /// <summary>Writes a string (null allowed).</summary>
    public void Write(string? value)
    {
        _writer.Write(value is not null);
        if (value is not null)
        {
            _writer.Write(value);
        }
    }

    /// <summary>Writes a candle.</summary>
    public void Write(in Candle candle)
    {
        Write(candle.OpenTimeMs);
        Write(candle.Open);
        Write(candle.High);
        Write(candle.Low);
        Write(candle.Close);
        Write(candle.Volume);
        Write(candle.Trades);
        Write(candle.BuyVolume);
        Write(candle.SellVolume);
    }

    /// <summary>Writes a macro bias (null allowed).</summary>
    public void Write(MacroBias? bias)
    {
        Write(bias is not null);
        if (bias is not null)
        {
            Write(bias.Symbol);
            Write((int)bias.Side);
            Write(bias.Confidence);
            Write(bias.PublishedAtMs);
            Write(bias.ExpiresAtMs);
            Write(bias.Note);
        }
    }

    /// <summary>Writes an open position.</summary>
    public void Write(Position position)
    {
        ArgumentNullException.ThrowIfNull(position);
        Write(position.SignalId);
        Write(position.Symbol);
        Write((int)position.Side);
        Write((int)position.Kind);
        Write(position.EntryTimeMs);
        Write(position.EntryPrice);
        Write(position.StopLoss);
        Write(position.TakeProfit);
        Write(position.Quantity);
        Write(position.RiskAmount);
        Write(position.EntryFee);
    }

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray()
    {
        _writer.Flush();
        return _stream.ToArray();
    }
}
