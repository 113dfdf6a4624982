"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button } from "@/components/ui/primitives";

/** Archive (or restore) a product, or delete one nothing uses; a used product's delete says to archive. */
export function ProductActions({ id, status }: { id: string; status: "active" | "archived" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const archive = useMutation(trpc.catalog.archiveProduct.mutationOptions({ onSuccess: () => router.refresh() }));
  const remove = useMutation(trpc.catalog.deleteProduct.mutationOptions({ onSuccess: () => router.push("/operator/catalog?deleted=1") }));
  const error = archive.error ?? remove.error;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" disabled={archive.isPending} onClick={() => archive.mutate({ id, archived: status === "active" })} data-testid="archive-product">
          {status === "active" ? "Archive" : "Restore"}
        </Button>
        <Button
          variant="ghost"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm("Delete this product for good? Only products nothing refers to can be deleted.")) remove.mutate({ id });
          }}
          data-testid="delete-product"
        >
          Delete
        </Button>
      </div>
      {error && <Alert>{error.message}</Alert>}
    </div>
  );
}
