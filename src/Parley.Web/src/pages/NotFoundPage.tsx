interface NotFoundPageProps {
  onHome: () => void;
}

export function NotFoundPage({ onHome }: NotFoundPageProps) {
  return (
    <main className="page page--form">
      <h1 className="brand">Parley</h1>
      <p className="lead">There is nothing at this address. Room links look like /r/room-name.</p>
      <button type="button" className="button button--primary" onClick={onHome}>
        Start a new call
      </button>
    </main>
  );
}
