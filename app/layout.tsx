import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import SiteNav from "@/components/ui/SiteNav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sitewatch", template: "%s · Sitewatch" },
  description: "Dated satellite imagery, reviewed changes and a citable public timeline for each site.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Sitewatch
          </Link>
          <SiteNav />
        </header>
        <div id="content" tabIndex={-1}>
          {children}
        </div>
      </body>
    </html>
  );
}
