export default function NotFound() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "15vh auto", padding: "0 24px", color: "#1f2937" }}>
      <h1 style={{ fontSize: 28, margin: 0 }}>404 · Not found</h1>
      <p style={{ lineHeight: 1.6 }}>
        There is no Tributary workspace or page at this address. Check the address, or ask your administrator for your
        workspace&apos;s link.
      </p>
    </main>
  );
}
