import { QrCode } from './QrCode';

interface InvitePanelProps {
  link: string;
}

/** The room's link to copy, and as a QR code to scan with a phone. */
export function InvitePanel({ link }: InvitePanelProps) {
  return (
    <div className="invite">
      <p>
        Send this link to the people you want in the call, or let them scan the code with a phone camera:
        <br />
        <span className="copy-link__url">{link}</span>
      </p>
      <QrCode text={link} label="QR code of the invite link" />
    </div>
  );
}
